#include "drivers/forceplate/plate_calibrator.hpp"

#include <cmath>
#include <sstream>

namespace tg::forceplate {
namespace {

constexpr std::size_t N = kPlateCells;
using Matrix = std::array<std::array<double, N>, N>;
using Vector = std::array<double, N>;

// Gaussian elimination with partial pivoting; false when a pivot is negligible
// relative to the matrix scale (the placements do not separate the cells).
bool solve(Matrix a, Vector b, Vector& x) {
    double scale = 0;
    for (const auto& row : a)
        for (double v : row)
            scale = std::max(scale, std::abs(v));
    if (scale == 0) return false;
    for (std::size_t col = 0; col < N; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < N; ++r)
            if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
        if (std::abs(a[pivot][col]) < 1e-6 * scale) return false;
        std::swap(a[pivot], a[col]);
        std::swap(b[pivot], b[col]);
        for (std::size_t r = col + 1; r < N; ++r) {
            const double f = a[r][col] / a[col][col];
            for (std::size_t c = col; c < N; ++c)
                a[r][c] -= f * a[col][c];
            b[r] -= f * b[col];
        }
    }
    for (std::size_t i = N; i-- > 0;) {
        double s = b[i];
        for (std::size_t c = i + 1; c < N; ++c)
            s -= a[i][c] * x[c];
        x[i] = s / a[i][i];
    }
    return true;
}

} // namespace

void tare(PlateCalibration& calibration, const MeanCounts& empty) {
    for (std::size_t i = 0; i < N; ++i) {
        auto& c = calibration.cells[i];
        c.offset_n = -c.gain_n_per_count * empty[i];
    }
}

std::optional<std::string> solve_common_gain(PlateCalibration& calibration, const MeanCounts& empty,
                                             const Placement& placement) {
    if (!(placement.mass_kg > 0)) return "the known mass must be positive";
    double measured_n = 0;
    for (std::size_t i = 0; i < N; ++i)
        measured_n += calibration.cells[i].gain_n_per_count * (placement.loaded[i] - empty[i]);
    const double expected_n = placement.mass_kg * kStandardGravity;
    // Below a tenth of the load something is wrong (no mass, or a cell wired backwards).
    if (!(measured_n > 0.1 * expected_n)) {
        std::ostringstream why;
        why << "the plate saw " << measured_n << " N for " << expected_n
            << " N: is the mass on the deck and are the cells wired the right way round?";
        return why.str();
    }
    const double scale = expected_n / measured_n;
    for (auto& c : calibration.cells)
        c.gain_n_per_count *= scale;
    tare(calibration, empty);
    return std::nullopt;
}

std::optional<std::string> solve_cell_gains(PlateCalibration& calibration, const MeanCounts& empty,
                                            std::span<const Placement> placements) {
    if (placements.size() < N)
        return "per-cell gains need at least " + std::to_string(N) + " placements, got " +
               std::to_string(placements.size());
    Matrix ata{};
    Vector atb{};
    for (const auto& p : placements) {
        if (!(p.mass_kg > 0)) return "every known mass must be positive";
        Vector d{};
        for (std::size_t i = 0; i < N; ++i)
            d[i] = p.loaded[i] - empty[i];
        const double target = p.mass_kg * kStandardGravity;
        for (std::size_t r = 0; r < N; ++r) {
            atb[r] += d[r] * target;
            for (std::size_t c = 0; c < N; ++c)
                ata[r][c] += d[r] * d[c];
        }
    }
    Vector gains{};
    if (!solve(ata, atb, gains))
        return "the placements do not load the cells differently enough to solve one gain "
               "per cell: place the mass near each cell in turn";
    for (std::size_t i = 0; i < N; ++i) {
        if (!(gains[i] > 0))
            return "cell " + std::to_string(i + 1) +
                   " came out with a gain <= 0: check its wiring and the placements";
    }
    for (std::size_t i = 0; i < N; ++i)
        calibration.cells[i].gain_n_per_count = gains[i];
    tare(calibration, empty);
    return std::nullopt;
}

} // namespace tg::forceplate
