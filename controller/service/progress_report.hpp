#pragma once
// What the progress report shows, gathered from the records in one place for every client
// (the API's `report`, hence the CLI, the HMI and the clinic server): the runner, the
// sessions and check-ins of the period, the cap changes (when a clinician asked), and the
// protocol's decision for each session's day as the engine makes it from the history.
// Reads the records and the profiles: run it off the control tick.
#include "controller/report/report_data.hpp"
#include "controller/service/controller_config.hpp"
#include "controller/store/store.hpp"

#include <string>
#include <variant>

namespace tg::service {

struct ReportRequestError {
    std::string message;
};

struct ReportPeriod {
    std::string from, to; // YYYY-MM-DD, inclusive; empty: from the first / to the last session
};

std::variant<report::ReportData, ReportRequestError>
gather_report(store::Store& db, const ControllerConfig& config, const store::Runner& runner,
              const ReportPeriod& period, bool with_audit);

} // namespace tg::service
