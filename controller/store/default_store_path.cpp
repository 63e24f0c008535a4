#include "controller/store/default_store_path.hpp"

#include <cstdlib>

namespace tg::store {

namespace {

bool is_absolute_dir(const std::optional<std::string>& value) {
    return value && !value->empty() && std::filesystem::path(*value).is_absolute();
}

std::optional<std::string> environment(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

} // namespace

Result<std::filesystem::path> default_store_path(const std::optional<std::string>& xdg_data_home,
                                                 const std::optional<std::string>& home) {
    const std::filesystem::path file = std::filesystem::path("treadguard") / "treadguard.db";
    if (is_absolute_dir(xdg_data_home)) return std::filesystem::path(*xdg_data_home) / file;
    if (is_absolute_dir(home)) return std::filesystem::path(*home) / ".local" / "share" / file;
    return make_error(ErrorCode::not_found,
                      "cannot find a place for the store: neither XDG_DATA_HOME nor HOME is an "
                      "absolute directory; pass the database path explicitly");
}

Result<std::filesystem::path> default_store_path() {
    return default_store_path(environment("XDG_DATA_HOME"), environment("HOME"));
}

} // namespace tg::store
