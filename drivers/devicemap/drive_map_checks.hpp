#pragma once
// Checks across the fields of a drive map that each field's own range cannot catch: two
// meanings on one register, a run code equal to the stop code, a fault reset that would also
// start the belt. Such a map would drive the belt wrongly, so it is refused with the line of
// the offending key, like any other bad value.
#include "drivers/devicemap/data_file_error.hpp"
#include "drivers/devicemap/drive_map.hpp"

#include <optional>
#include <string>
#include <toml++/toml.h>

namespace tg::devicemap {

std::optional<DataFileError> check_drive_map(const toml::table& root, const std::string& file,
                                             const DriveMap& map);

} // namespace tg::devicemap
