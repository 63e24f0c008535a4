#pragma once
// One treadmill's mechanics as data (hw/treadmills/*.toml): the constant that turns belt
// speed into motor frequency, and the machine's own limits.
#include "drivers/devicemap/data_file_error.hpp"

#include <string>
#include <variant>

namespace tg::devicemap {

struct TreadmillSpec {
    std::string id;
    std::string name;
    std::string drive;     // device map id of its motor drive, e.g. "delta-ms300"
    double hz_per_kmh = 0; // k: motor frequency per km/h of belt speed
    double max_speed_kmh = 0;
    double max_accel_kmh_per_s = 0;
    double max_decel_kmh_per_s = 0;
    double belt_length_m = 0; // for the belt-lap calibration
    std::string k_source;     // "geometry" or "belt-lap calibration <date>"

    double to_hz(double kmh) const { return kmh * hz_per_kmh; }
    double to_kmh(double hz) const { return hz / hz_per_kmh; }
};

std::variant<TreadmillSpec, DataFileError> load_treadmill_spec(const std::string& path);

} // namespace tg::devicemap
