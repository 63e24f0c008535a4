#pragma once
// How a point load on the deck spreads over the load cells: bilinear shares over the
// rectangle the cells span (exact for four cells at the corners of a rectangle, which is
// how decks are built: the cells' force-weighted mean position is the load's position).
#include "drivers/forceplate/plate_calibration.hpp"
#include "hw/sim/deck_load.hpp"

#include <array>

namespace tg::sim {

using CellForces = std::array<double, forceplate::kPlateCells>;

class DeckCells {
public:
    explicit DeckCells(const forceplate::PlateCalibration& geometry);
    // Adds `force_n` at (x, y) to `cells`; points outside the rectangle act on its edge.
    void add(double force_n, double x_m, double y_m, CellForces& cells) const;
    void add(const DeckLoad& load, CellForces& cells) const;

private:
    double x_min_ = 0, x_span_ = 1, y_min_ = 0, y_span_ = 1;
    std::array<bool, forceplate::kPlateCells> right_{}, front_{};
};

} // namespace tg::sim
