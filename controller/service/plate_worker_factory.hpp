#pragma once
// Builds the force-plate worker from the configuration (device map, calibration, link),
// or nothing when the plate is disabled. Bad files throw with file, line and reason.
#include "controller/service/controller_config.hpp"
#include "controller/service/plate_worker.hpp"

#include <memory>

namespace tg::service {

std::unique_ptr<PlateWorker> make_plate_worker(const ControllerConfig& config);

} // namespace tg::service
