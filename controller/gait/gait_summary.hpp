#pragma once

#include "controller/gait/step_event.hpp"

#include <cstddef>
#include <span>

namespace tg::gait {

struct SideSymmetry {
    std::size_t left_steps = 0;
    std::size_t right_steps = 0;
    double peak_force_pct = not_measured; // symmetry_index_pct of the per-side medians
    double contact_time_pct = not_measured;
    double step_time_pct = not_measured;
    double valr_pct = not_measured;
};

// Summary of a list of steps: medians over the steps that have the value.
struct GaitSummary {
    std::size_t steps = 0;
    std::size_t running_steps = 0;
    std::size_t walking_steps = 0;
    double cadence_spm = not_measured; // 60 / median step time
    double step_time_s = not_measured;
    double contact_time_s = not_measured;
    double flight_time_s = not_measured;
    double peak_force_n = not_measured;
    double peak_force_bw = not_measured;
    std::size_t steps_with_impact_peak = 0;
    double impact_peak_bw = not_measured;
    double valr_bw_s = not_measured; // 20-80 % of the impact peak, steps that have one
    double vilr_bw_s = not_measured;
    double valr_stance_3_12_bw_s = not_measured; // steps without an impact peak
    double vilr_stance_3_12_bw_s = not_measured;
    SideSymmetry symmetry;
};

GaitSummary summarize(std::span<const StepEvent> steps);

// Median of the finite values; NaN when there are none. Allocates (offline use).
double median_of_finite(std::span<const double> values);

} // namespace tg::gait
