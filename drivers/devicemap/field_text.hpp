#pragma once
// A drive map's fields as a technician reads them on the bench: each decoded value next to
// the raw register, e.g. "0x2101 & 0x0018 = 0x0018 -> 3 reverse". Pure: the register
// values are arguments (`treadguard devices check` and its tests share it).
#include "drivers/devicemap/drive_map.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tg::devicemap {

struct FieldLine {
    std::string name;
    std::uint16_t address = 0;
    std::uint16_t raw = 0;   // the whole register
    std::string decoded;     // "running", "30.00 Hz", "58 CE10: ...", "0b0000000000000100"
    bool unverified = false; // the map marks this field "verify"
};

// The register value at an address, or nothing if it could not be read.
using RegisterReader = std::function<std::optional<std::uint16_t>(std::uint16_t)>;

// The state, output frequency, fault, warning, fault bitfield, identity and every monitor
// field of the map, in that order. Fields whose register was not read are left out.
std::vector<FieldLine> describe_drive_fields(const DriveMap& map, const RegisterReader& read);

// Every register describe_drive_fields() reads (sorted, distinct; never write-only).
std::vector<std::uint16_t> drive_field_registers(const DriveMap& map);

std::string format_field_line(const FieldLine& line);

} // namespace tg::devicemap
