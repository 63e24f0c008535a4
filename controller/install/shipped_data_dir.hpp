#pragma once
// Where the data shipped with treadguard is found: hw/devices, hw/treadmills,
// hw/calibration and profiles/ below one folder.
#include <filesystem>
#include <string>

namespace tg::install {

// In this order: $TREADGUARD_DATA_DIR when set and not empty; for an installed program, the
// data installed with it (<prefix>/share/treadguard, found from the executable's own folder,
// so a package unpacked anywhere finds its own data); else the source tree it was built from.
std::string shipped_data_dir();

// The same choice with its inputs given: `env` may be null, `executable` is the program's
// path; `source_dir` is the fallback.
std::string choose_shipped_data_dir(const char* env, const std::filesystem::path& executable,
                                    const std::string& source_dir);

// The installed data folder for a program at `executable` (it may not exist).
std::filesystem::path installed_data_dir_for(const std::filesystem::path& executable);

} // namespace tg::install
