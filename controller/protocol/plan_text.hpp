#pragma once

#include "controller/protocol/day_plan.hpp"

#include <string>
#include <vector>

namespace tg::protocol {

// A plan as plain text for the command line: the day, the phases with their caps, and why.
std::string plan_text(const DayPlan& plan);
std::string plans_text(const std::vector<DayPlan>& plans);

} // namespace tg::protocol
