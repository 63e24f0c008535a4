#pragma once
// Builds the simulated force plate from the command line: its device map, the cell
// geometry, and what loads it (the runner model, or a replayed recording). Belt speed
// comes from the drive on the same bench, through the treadmill's k.
#include "hw/sim/force_plate_model.hpp"
#include "hw/sim/sim_options.hpp"
#include "hw/sim/vfd_model.hpp"

#include <memory>
#include <string>
#include <variant>

namespace tg::sim {

std::variant<std::unique_ptr<ForcePlateModel>, std::string>
make_force_plate(const SimOptions& options, const VfdModel* drive, double hz_per_kmh,
                 Clock::time_point now);

} // namespace tg::sim
