#pragma once

#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/profile.hpp"
#include "controller/protocol/runner_history.hpp"

namespace tg::protocol {

// Today's plan for a runner: phases with caps, or a rest day, each decision with its reason.
// Pure: the same profile, runner, history and day always give the same plan.
// Sessions dated today or later are treated as done ("already ran today").
DayPlan plan_day(const Profile& profile, const Runner& runner, const History& history, Day today);

} // namespace tg::protocol
