#pragma once
// Export of one session for clinicians and analysis tools: the steps as CSV (one
// row per step, header first, empty field for a missing impact peak) and the
// summary as JSON.

#include "controller/store/records.hpp"
#include "controller/store/store.hpp"
#include "controller/store/store_result.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

namespace tg::store {

Status export_session_csv(Store& store, RowId session_id, std::ostream& out);
Status export_session_json(Store& store, RowId session_id, std::ostream& out);

// The JSON document export_session_json writes.
nlohmann::json session_summary_json(const SessionSummary& summary);

} // namespace tg::store
