#pragma once

#include "controller/protocol/day_plan.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace tg::protocol::testing {

// The plans of week `week` (0-based) of a forecast that starts on `first`.
inline std::vector<DayPlan> week_plans(const std::vector<DayPlan>& plans, Day first, int week) {
    std::vector<DayPlan> out;
    for (const DayPlan& plan : plans)
        if (plan.date >= first + 7 * week && plan.date < first + 7 * (week + 1))
            out.push_back(plan);
    return out;
}

inline std::vector<DayPlan> run_plans(const std::vector<DayPlan>& plans) {
    std::vector<DayPlan> out;
    std::copy_if(plans.begin(), plans.end(), std::back_inserter(out),
                 [](const DayPlan& plan) { return !plan.rest_day; });
    return out;
}

inline int runs_in_week(const std::vector<DayPlan>& plans, Day first, int week) {
    return static_cast<int>(run_plans(week_plans(plans, first, week)).size());
}

inline const Phase* running_phase(const DayPlan& plan) {
    for (const Phase& phase : plan.phases)
        if (phase.kind == PhaseKind::run || phase.kind == PhaseKind::walk_run_intervals)
            return &phase;
    return nullptr;
}

inline bool mentions(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
        return line.find(part) != std::string::npos;
    });
}

} // namespace tg::protocol::testing
