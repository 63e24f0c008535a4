#pragma once
// Whether a serial bus can carry a sample-FIFO plate's sample rate, from the wire
// arithmetic (drivers/modbus/rtu_timing.hpp): back-to-back reads of the largest block the
// map allows, each a request, t3.5, the device's reply delay, the reply and t3.5 again.
// A plate on Modbus TCP, or a weighing transmitter (one sample per read, no rate of its
// own), has no such limit.
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/modbus/link_config.hpp"

#include <optional>
#include <string>

namespace tg::forceplate {

struct PlateBusCapacity {
    int block_registers = 0;
    int samples_per_block = 0;
    double block_ms = 0;          // one transaction on the wire, both silences included
    double samples_per_s = 0;     // the most the bus carries
    double required_per_s = 0;    // the plate's sample rate
    int lowest_standard_baud = 0; // the slowest common rate that carries it (0: none)

    bool carries() const { return samples_per_s >= required_per_s; }
    // One line with the numbers, for the start-up log or a refusal.
    std::string describe(const modbus::LinkConfig& link) const;
};

// nullopt: no wire limit applies (TCP, or a weighing transmitter).
std::optional<PlateBusCapacity> plate_bus_capacity(const devicemap::ForcePlateMap& map,
                                                   const modbus::LinkConfig& link);

} // namespace tg::forceplate
