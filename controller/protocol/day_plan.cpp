#include "controller/protocol/day_plan.hpp"

namespace tg::protocol {

bool DayPlan::entry_checks_open() const {
    for (const EntryCheck& check : entry_checks)
        if (!check.passed) return true;
    return false;
}

bool is_severe_pain(const LiveRules& rules, double pain) {
    return pain > rules.severe_pain_above;
}

const char* to_string(PhaseKind kind) {
    switch (kind) {
    case PhaseKind::warm_up_walk:
        return "warm-up walk";
    case PhaseKind::run:
        return "run";
    case PhaseKind::walk_run_intervals:
        return "walk-run intervals";
    case PhaseKind::cool_down:
        return "cool-down";
    }
    return "unknown";
}

const char* to_string(Decision decision) {
    switch (decision) {
    case Decision::first_session:
        return "first session";
    case Decision::hold:
        return "hold";
    case Decision::progress:
        return "progress";
    case Decision::regress:
        return "regress";
    case Decision::consecutive_day_test:
        return "consecutive-day test";
    case Decision::maintain:
        return "maintain";
    case Decision::rest:
        return "rest";
    case Decision::clinician_review:
        return "clinician review needed";
    }
    return "unknown";
}

} // namespace tg::protocol
