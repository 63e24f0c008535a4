#pragma once
// Field readers that register maps share: a 16-bit register address or value, and a
// status-bit pattern { mask, value }. (drive_map.cpp keeps private copies of these that
// can move here.)
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/toml_fields.hpp"

#include <optional>
#include <string_view>

namespace tg::devicemap {

std::uint16_t register_field(TomlFields& fields, std::string_view key);
std::optional<BitPattern> bit_pattern_field(TomlFields& fields, std::string_view key,
                                            bool required);

} // namespace tg::devicemap
