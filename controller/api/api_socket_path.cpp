#include "controller/api/api_socket_path.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace tg::api {

std::string user_api_socket() {
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    if (runtime != nullptr && *runtime != '\0')
        return std::string(runtime) + "/treadguard/api.sock";
    return "/tmp/treadguard-" + std::to_string(getuid()) + "/api.sock";
}

std::string choose_client_api_socket(const std::string& user, const std::string& system) {
    std::error_code ec;
    if (std::filesystem::is_socket(user, ec)) return user;
    if (std::filesystem::is_socket(system, ec)) return system;
    return user;
}

std::string client_api_socket() {
    return choose_client_api_socket(user_api_socket(), kSystemApiSocket);
}

} // namespace tg::api
