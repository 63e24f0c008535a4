#include "controller/install/shipped_data_dir.hpp"

#include <cstdlib>
#include <system_error>

namespace tg::install {

namespace fs = std::filesystem;

fs::path installed_data_dir_for(const fs::path& executable) {
    return (executable.parent_path() / TG_INSTALLED_DATA_FROM_BINDIR).lexically_normal();
}

std::string choose_shipped_data_dir(const char* env, const fs::path& executable,
                                    const std::string& source_dir) {
    if (env != nullptr && *env != '\0') return env;
    std::error_code ec;
    // A folder with the profiles in it is the installed data; a build tree has none there.
    const auto installed = installed_data_dir_for(executable);
    if (!executable.empty() && fs::is_directory(installed / "profiles", ec))
        return installed.string();
    return source_dir;
}

std::string shipped_data_dir() {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    return choose_shipped_data_dir(std::getenv("TREADGUARD_DATA_DIR"), ec ? fs::path() : self,
                                   TG_SOURCE_DATA_DIR);
}

} // namespace tg::install
