#pragma once
// `treadguard calibrate belt`: solves the machine constant k (Hz per km/h) from a belt-lap
// count and writes it into the machine file.
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

int run_calibrate(std::span<const std::string> args, std::ostream& out, std::ostream& err);

// k from one measurement: the drive ran at `hz`, a mark on the belt passed `laps` times in
// `seconds`, and the belt is `belt_length_m` long.
double solve_hz_per_kmh(double hz, double laps, double seconds, double belt_length_m);

} // namespace tg::cli
