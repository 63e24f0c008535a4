#pragma once
// The [monitor.NAME] tables of a drive map: fields a technician checks on the bench with
// `treadguard devices check` (direction bits, a second status word, a fault bitfield),
// each with its kind, its meaning and its source.
//
//   [monitor.direction]
//   register = 0x2101
//   mask = 0x0018
//   kind = "state"                 # state | flag | code | bitfield | number
//   states = { 0 = "forward", 3 = "reverse" }
//   source = "MS300 manual App. A p.790"
//   verify = "..."                 # optional: what is still unconfirmed
#include "drivers/devicemap/data_file_error.hpp"
#include "drivers/devicemap/drive_map.hpp"

#include <optional>
#include <toml++/toml.h>
#include <vector>

namespace tg::devicemap {

std::optional<DataFileError> read_monitor_fields(const toml::table& monitors,
                                                 const std::string& file,
                                                 std::vector<MonitorField>& out);

const char* field_kind_name(FieldKind kind);

} // namespace tg::devicemap
