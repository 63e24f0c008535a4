#include "controller/service/plate_worker_factory.hpp"

#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/forceplate/plate_bus_capacity.hpp"
#include "drivers/forceplate/plate_calibration.hpp"

#include <iostream>
#include <stdexcept>

namespace tg::service {

namespace {

template <class T>
T loaded_or_throw(std::variant<T, devicemap::DataFileError> v) {
    if (auto* e = std::get_if<devicemap::DataFileError>(&v)) throw std::runtime_error(e->message());
    return std::get<T>(std::move(v));
}

} // namespace

std::unique_ptr<PlateWorker> make_plate_worker(const ControllerConfig& config) {
    if (!config.plate_enabled) return nullptr;
    auto map = loaded_or_throw(devicemap::load_force_plate_map(config.plate.device));
    auto calibration =
        loaded_or_throw(forceplate::load_plate_calibration(config.plate_calibration));
    modbus::LinkConfig link;
    if (auto e = modbus::parse_link_spec(config.plate.link, link))
        throw std::runtime_error(config.source + ": plate link: " + e->reason);
    if (config.plate.response_timeout_ms > 0)
        link.response_timeout = std::chrono::milliseconds(config.plate.response_timeout_ms);
    link = forceplate::link_config_for(map, link);
    if (config.plate.unit != 0) link.unit_id = config.plate.unit;
    // A bus too slow for the plate's sample rate would overflow its FIFO all session long.
    if (auto capacity = forceplate::plate_bus_capacity(map, link)) {
        if (!capacity->carries())
            throw std::runtime_error(
                config.source + ": plate link cannot carry the plate: " + capacity->describe(link));
        std::cout << "treadguard-controller: plate bus " << capacity->describe(link) << std::endl;
    }
    return std::make_unique<PlateWorker>(forceplate::ForcePlate(map, calibration, link),
                                         config.plate_calibration_save);
}

} // namespace tg::service
