#pragma once

#include "controller/protocol/day_plan.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace tg::protocol {

// A plan as JSON for the API and `treadguard plan --json`; speeds in km/h, times in s,
// the date as "YYYY-MM-DD".
nlohmann::json plan_json(const DayPlan& plan);
nlohmann::json plans_json(const std::vector<DayPlan>& plans);

} // namespace tg::protocol
