#pragma once
// Calibration maths on mean raw counts (see CountAverager). Pure; each function changes
// the calibration only when it succeeds, and otherwise says why it refused.
//
// Tare: with the deck empty, offsets are set so every cell reads 0 N.
//
// Known weight, one placement: four unknown gains but one equation (the cells' forces
// must add up to m*g), so only a common scale of all gains is solved; the ratios between
// cells stay as they were (nominal from the cells' data sheets, or an earlier per-cell
// calibration). Good enough for total force; the CoP keeps the gain mismatch.
//
// Known weight, several placements (at least 4, e.g. the mass near each cell in turn):
// per-cell gains g solve, in the least-squares sense, sum_i g_i * (loaded_ij - empty_i)
// = m_j * g for each placement j. The placements must load the cells differently enough
// to tell them apart, otherwise the system is refused as ill-conditioned.
#include "drivers/forceplate/count_averager.hpp"
#include "drivers/forceplate/plate_calibration.hpp"

#include <optional>
#include <span>
#include <string>

namespace tg::forceplate {

inline constexpr double kStandardGravity = 9.80665;

struct Placement {
    MeanCounts loaded{};
    double mass_kg = 0;
};

void tare(PlateCalibration& calibration, const MeanCounts& empty);

// Returns the reason when refused; on success the gains are scaled and offsets re-tared.
std::optional<std::string> solve_common_gain(PlateCalibration& calibration, const MeanCounts& empty,
                                             const Placement& placement);

std::optional<std::string> solve_cell_gains(PlateCalibration& calibration, const MeanCounts& empty,
                                            std::span<const Placement> placements);

} // namespace tg::forceplate
