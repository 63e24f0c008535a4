#pragma once
// Today's plan for a runner, from their profile (by name, from the profiles directory)
// and their stored history. Reads files and the records: call it off the control tick.
#include "controller/protocol/day_plan.hpp"
#include "controller/service/controller_config.hpp"
#include "controller/store/store.hpp"

#include <string>
#include <variant>

namespace tg::service {

struct PlanLoadError {
    std::string message;
};

std::variant<protocol::DayPlan, PlanLoadError> load_today_plan(store::Store& db,
                                                               const ControllerConfig& config,
                                                               const store::Runner& runner,
                                                               std::int64_t wall_unix_ms);

} // namespace tg::service
