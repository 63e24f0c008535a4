#include "hw/sim/deck_cells.hpp"

#include <algorithm>

namespace tg::sim {

DeckCells::DeckCells(const forceplate::PlateCalibration& geometry) {
    double x_max = -1e9, y_max = -1e9;
    x_min_ = y_min_ = 1e9;
    for (const auto& c : geometry.cells) {
        x_min_ = std::min(x_min_, c.x_m);
        x_max = std::max(x_max, c.x_m);
        y_min_ = std::min(y_min_, c.y_m);
        y_max = std::max(y_max, c.y_m);
    }
    x_span_ = std::max(x_max - x_min_, 1e-6);
    y_span_ = std::max(y_max - y_min_, 1e-6);
    for (std::size_t i = 0; i < forceplate::kPlateCells; ++i) {
        right_[i] = geometry.cells[i].x_m > x_min_ + 0.5 * x_span_;
        front_[i] = geometry.cells[i].y_m > y_min_ + 0.5 * y_span_;
    }
}

void DeckCells::add(double force_n, double x_m, double y_m, CellForces& cells) const {
    if (force_n == 0) return;
    const double u = std::clamp((x_m - x_min_) / x_span_, 0.0, 1.0);
    const double v = std::clamp((y_m - y_min_) / y_span_, 0.0, 1.0);
    for (std::size_t i = 0; i < forceplate::kPlateCells; ++i)
        cells[i] += force_n * (right_[i] ? u : 1 - u) * (front_[i] ? v : 1 - v);
}

void DeckCells::add(const DeckLoad& load, CellForces& cells) const {
    for (const auto& foot : load.feet)
        add(foot.force_n, foot.x_m, foot.y_m, cells);
}

} // namespace tg::sim
