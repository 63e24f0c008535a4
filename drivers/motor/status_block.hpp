#pragma once
// The registers one status read needs (state word, output frequency, fault code when it is
// always read, warning, fault bitfield), read in as few requests as the map allows: one
// request when they lie in one documented block within the read limit and no write-only
// register sits between them, else one request per register.
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/modbus/modbus_link.hpp"

#include <cstdint>
#include <vector>

namespace tg::motor {

class StatusBlock {
public:
    explicit StatusBlock(const devicemap::DriveMap& map);

    modbus::LinkStatus read(modbus::ModbusLink& link);
    bool holds(std::uint16_t address) const;
    // The value read at `address` (0 for an address not in the block).
    std::uint16_t at(std::uint16_t address) const;
    // Requests one read() makes.
    std::size_t requests() const { return contiguous_ ? 1 : addresses_.size(); }

private:
    std::vector<std::uint16_t> addresses_; // sorted, distinct
    bool contiguous_ = false;
    std::vector<std::uint16_t> values_; // contiguous: from addresses_.front(); else per address
};

} // namespace tg::motor
