#pragma once
// One installed force plate as data (hw/calibration/*.toml): where each load cell sits
// under the deck and how its raw counts become newtons, F = gain * counts + offset.
// Written by `treadguard calibrate plate` (tare, known-weight), read by the driver.
#include "drivers/devicemap/data_file_error.hpp"
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/forceplate/raw_sample.hpp"

#include <array>
#include <optional>
#include <string>
#include <variant>

namespace tg::forceplate {

struct CellCalibration {
    std::string name;
    double x_m = 0; // mediolateral position, positive toward the runner's right
    double y_m = 0; // anteroposterior position, positive toward the front of the belt
    double gain_n_per_count = 1;
    double offset_n = 0;
};

struct PlateCalibration {
    std::string id;
    std::string map;                    // id of the device map the counts come from
    std::string calibrated = "nominal"; // how/when the gains were last solved
    // Below this total force the centre of pressure is not reported (nobody on the deck).
    double cop_min_force_n = 50;
    std::array<CellCalibration, kPlateCells> cells;
};

std::variant<PlateCalibration, devicemap::DataFileError>
load_plate_calibration(const std::string& path);

// Writes the file the loader reads; returns the reason on failure.
std::optional<std::string> save_plate_calibration(const std::string& path,
                                                  const PlateCalibration& calibration);

} // namespace tg::forceplate
