#include "controller/gait/gait_summary.hpp"

#include "controller/gait/symmetry_index.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace tg::gait {

namespace {

using Field = double StepEvent::*;
using Filter = std::function<bool(const StepEvent&)>;

double median_where(std::span<const StepEvent> steps, Field field, const Filter& keep) {
    std::vector<double> values;
    values.reserve(steps.size());
    for (const StepEvent& s : steps)
        if (keep(s)) values.push_back(s.*field);
    return median_of_finite(values);
}

double median_of(std::span<const StepEvent> steps, Field field) {
    return median_where(steps, field, [](const StepEvent&) { return true; });
}

SideSymmetry side_symmetry(std::span<const StepEvent> steps) {
    SideSymmetry out;
    const auto right = [](const StepEvent& s) { return s.side == FootSide::right; };
    const auto left = [](const StepEvent& s) { return s.side == FootSide::left; };
    out.right_steps = static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), right));
    out.left_steps = static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), left));
    const auto index = [&](Field field) {
        return symmetry_index_pct(median_where(steps, field, right),
                                  median_where(steps, field, left));
    };
    out.peak_force_pct = index(&StepEvent::peak_force_n);
    out.contact_time_pct = index(&StepEvent::contact_time_s);
    out.step_time_pct = index(&StepEvent::step_time_s);
    out.valr_pct = index(&StepEvent::valr_n_s);
    return out;
}

} // namespace

double median_of_finite(std::span<const double> values) {
    std::vector<double> finite;
    finite.reserve(values.size());
    std::copy_if(values.begin(), values.end(), std::back_inserter(finite),
                 [](double v) { return std::isfinite(v); });
    if (finite.empty()) return not_measured;
    std::sort(finite.begin(), finite.end());
    const std::size_t n = finite.size();
    return n % 2 == 1 ? finite[n / 2] : 0.5 * (finite[n / 2 - 1] + finite[n / 2]);
}

GaitSummary summarize(std::span<const StepEvent> steps) {
    GaitSummary out;
    out.steps = steps.size();
    for (const StepEvent& s : steps) {
        if (s.mode == GaitMode::running) ++out.running_steps;
        if (s.mode == GaitMode::walking) ++out.walking_steps;
        if (s.has_impact_peak) ++out.steps_with_impact_peak;
    }
    out.step_time_s = median_of(steps, &StepEvent::step_time_s);
    if (out.step_time_s > 0.0) out.cadence_spm = 60.0 / out.step_time_s;
    out.contact_time_s = median_of(steps, &StepEvent::contact_time_s);
    out.flight_time_s = median_of(steps, &StepEvent::flight_time_s);
    out.peak_force_n = median_of(steps, &StepEvent::peak_force_n);
    out.peak_force_bw = median_of(steps, &StepEvent::peak_force_bw);

    const auto impact = [](const StepEvent& s) {
        return s.loading_rate_window == LoadingRateWindow::impact_20_80;
    };
    const auto early = [](const StepEvent& s) {
        return s.loading_rate_window == LoadingRateWindow::stance_3_12;
    };
    out.impact_peak_bw = median_where(steps, &StepEvent::impact_peak_bw, impact);
    out.valr_bw_s = median_where(steps, &StepEvent::valr_bw_s, impact);
    out.vilr_bw_s = median_where(steps, &StepEvent::vilr_bw_s, impact);
    out.valr_stance_3_12_bw_s = median_where(steps, &StepEvent::valr_bw_s, early);
    out.vilr_stance_3_12_bw_s = median_where(steps, &StepEvent::vilr_bw_s, early);
    out.symmetry = side_symmetry(steps);
    return out;
}

} // namespace tg::gait
