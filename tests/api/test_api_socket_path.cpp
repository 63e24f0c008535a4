// Where clients look for the API socket: the user's controller, else the system's.
#include "controller/api/api_socket_path.hpp"
#include "tests/support/sim_process.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace tg;

namespace {

// A bound (listening-capable) Unix socket at `path`, closed and removed on destruction.
struct BoundSocket {
    std::string path;
    int fd = -1;
    explicit BoundSocket(std::string p) : path(std::move(p)) {
        fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    }
    ~BoundSocket() {
        ::close(fd);
        ::unlink(path.c_str());
    }
};

} // namespace

TEST_CASE("a client takes the user's socket, else the system's, else names the user's") {
    const auto dir = testing::make_temp_dir("tg-sockpath");
    const auto user = dir + "/user.sock";
    const auto system = dir + "/system.sock";
    CHECK(api::choose_client_api_socket(user, system) == user);
    {
        BoundSocket s(system);
        CHECK(api::choose_client_api_socket(user, system) == system);
        BoundSocket u(user);
        CHECK(api::choose_client_api_socket(user, system) == user);
    }
    // A plain file where the socket should be is not a controller.
    { std::ofstream(system) << "x"; }
    CHECK(api::choose_client_api_socket(user, system) == user);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the user's socket is in XDG_RUNTIME_DIR, else in /tmp by uid") {
    const char* old = std::getenv("XDG_RUNTIME_DIR");
    const std::string saved = old != nullptr ? old : "";
    ::setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
    CHECK(api::user_api_socket() == "/run/user/4242/treadguard/api.sock");
    ::unsetenv("XDG_RUNTIME_DIR");
    CHECK(api::user_api_socket() == "/tmp/treadguard-" + std::to_string(getuid()) + "/api.sock");
    if (old != nullptr) ::setenv("XDG_RUNTIME_DIR", saved.c_str(), 1);
    CHECK(std::string(api::kSystemApiSocket) == "/run/treadguard/api.sock");
}
