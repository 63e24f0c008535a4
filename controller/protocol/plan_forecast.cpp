#include "controller/protocol/plan_forecast.hpp"

#include "controller/protocol/day_planner.hpp"

#include <algorithm>
#include <cmath>

namespace tg::protocol {
namespace {

double run_speed(const DayPlan& plan) {
    for (const Phase& phase : plan.phases)
        if (phase.kind == PhaseKind::run || phase.kind == PhaseKind::walk_run_intervals)
            return phase.speed_cap_kmh;
    return 0.0;
}

} // namespace

void record_outcome(History& history, const DayPlan& plan, const SimulatedOutcome& outcome) {
    if (plan.rest_day || outcome.skipped) return;
    SessionRecord session;
    session.date = plan.date;
    const double fraction = std::clamp(outcome.run_fraction, 0.0, 1.0);
    session.run_s = static_cast<int>(std::lround(plan.planned_run_s * fraction));
    session.pain_free_limit_s = session.run_s;
    session.speed_kmh = run_speed(plan);
    session.end_reason = outcome.end_reason;
    session.max_pain = outcome.max_pain;
    session.cadence_spm = outcome.cadence_spm;
    session.avg_loading_rate_bw_per_s = outcome.avg_loading_rate_bw_per_s;
    history.sessions.push_back(session);
    CheckIn check_in;
    check_in.date = plan.date + 1;
    check_in.pain_above_baseline = outcome.next_morning_pain;
    check_in.swelling = outcome.next_morning_swelling;
    check_in.stiffness = outcome.next_morning_stiffness;
    history.check_ins.push_back(check_in);
}

std::vector<DayPlan> plan_days(const Profile& profile, const Runner& runner, History history,
                               Day first, int days, const OutcomeFunction& outcome) {
    std::vector<DayPlan> plans;
    plans.reserve(static_cast<std::size_t>(std::max(0, days)));
    for (Day day = first; day < first + days; ++day) {
        DayPlan plan = plan_day(profile, runner, history, day);
        if (!plan.rest_day)
            record_outcome(history, plan, outcome ? outcome(plan) : SimulatedOutcome{});
        plans.push_back(std::move(plan));
    }
    return plans;
}

} // namespace tg::protocol
