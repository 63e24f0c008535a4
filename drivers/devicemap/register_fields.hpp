#pragma once
// Field readers that register maps share: a 16-bit register address or value, a bit mask
// (refused when wider than its 16-bit register), a status-bit pattern { mask, value }, a
// register field { register, mask }, and a list of address ranges.
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/toml_fields.hpp"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace tg::devicemap {

std::uint16_t register_field(TomlFields& fields, std::string_view key);
std::uint16_t mask_field(TomlFields& fields, std::string_view key,
                         std::optional<long long> fallback = std::nullopt);
std::optional<BitPattern> bit_pattern_field(TomlFields& fields, std::string_view key,
                                            bool required);
std::optional<RegisterField> register_mask_field(TomlFields& fields, std::string_view key,
                                                 bool required);
// `key = [[lo, hi], ...]`, each lo <= hi within 0..0xFFFF.
std::vector<std::pair<std::uint16_t, std::uint16_t>> range_list_field(TomlFields& fields,
                                                                      std::string_view key);
// `key = [a, b, ...]` of register addresses; empty when the key is absent.
std::vector<std::uint16_t> register_list_field(TomlFields& fields, std::string_view key);

} // namespace tg::devicemap
