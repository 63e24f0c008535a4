#pragma once
// The FIT file checksum: CRC-16 with polynomial 0x8005, reflected (0xA001), initial 0,
// as the FIT protocol specifies for the header and the whole file.

#include <cstdint>
#include <span>

namespace tg::fit {

std::uint16_t fit_crc(std::span<const std::uint8_t> bytes, std::uint16_t crc = 0);

} // namespace tg::fit
