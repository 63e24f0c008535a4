#pragma once

#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/profile.hpp"
#include "controller/protocol/runner_history.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace tg::protocol {

// How a planned session is assumed to go when forecasting.
struct SimulatedOutcome {
    bool skipped = false;      // the runner did not come
    double run_fraction = 1.0; // share of the planned running time done
    EndReason end_reason = EndReason::duration_cap;
    double max_pain = 0.0;
    bool next_morning_pain = false; // the check-in the morning after
    bool next_morning_swelling = false;
    bool next_morning_stiffness = false;
    std::optional<double> cadence_spm;
    std::optional<double> avg_loading_rate_bw_per_s;
};

using OutcomeFunction = std::function<SimulatedOutcome(const DayPlan&)>;

// Plans `days` days from `first`, feeding each planned run back into the history as if it
// happened (as planned and symptom-free unless `outcome` says otherwise) with a next-morning
// check-in. Deterministic: used by `treadguard plan RUNNER` and by the scenario tests.
std::vector<DayPlan> plan_days(const Profile& profile, const Runner& runner, History history,
                               Day first, int days, const OutcomeFunction& outcome = {});

// The session and check-in a simulated outcome adds to a history.
void record_outcome(History& history, const DayPlan& plan, const SimulatedOutcome& outcome);

} // namespace tg::protocol
