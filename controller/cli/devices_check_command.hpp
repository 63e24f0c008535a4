#pragma once
// `treadguard devices check`: a technician's bench check of a real drive or force plate
// against its map, with the belt unloaded. Reads identity and status and prints every
// decoded field next to its raw register; for a plate, each cell's raw and calibrated value
// live. Moves the belt only with --move: at most 1 km/h, through MotorDrive and the speed
// limiter, after a countdown, stopping on Ctrl-C or on any failure. Refuses a map with
// facts still marked "verify" unless --accept-unverified.
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

int run_devices(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
