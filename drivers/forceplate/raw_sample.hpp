#pragma once
// What the front end delivers for one instant: one raw count per cell, and the device's
// sample number where it has one.
#include "drivers/devicemap/force_plate_map.hpp"

#include <array>
#include <cstdint>

namespace tg::forceplate {

using devicemap::kPlateCells;

using RawCounts = std::array<std::int32_t, devicemap::kPlateCells>;

struct RawSample {
    std::uint32_t sequence = 0; // the device's counter (wraps); read number for the DGT4X
    RawCounts counts{};
};

} // namespace tg::forceplate
