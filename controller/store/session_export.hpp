#pragma once
// Export of one session for clinicians and analysis tools: the steps as CSV (one
// row per step, header first, an empty field for every metric that was not
// measured) and the summary as JSON (null for those).

#include "controller/store/records.hpp"
#include "controller/store/store.hpp"
#include "controller/store/store_result.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

namespace tg::store {

Status export_session_csv(Store& store, RowId session_id, std::ostream& out);
Status export_session_json(Store& store, RowId session_id, std::ostream& out);

// null for an empty value: the one spelling of "not measured" in every JSON record.
template <class T>
nlohmann::json optional_json(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The JSON document export_session_json writes.
nlohmann::json session_summary_json(const SessionSummary& summary);

} // namespace tg::store
