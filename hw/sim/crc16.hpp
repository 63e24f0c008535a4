#pragma once
// Modbus RTU CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF), low byte sent first.
#include <cstdint>
#include <span>

namespace tg::sim {

std::uint16_t modbus_crc16(std::span<const std::uint8_t> bytes);

} // namespace tg::sim
