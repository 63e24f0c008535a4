// The API's pure guards: the PIN throttle, duplicate-key refusal, the socket directory.
#include "controller/service/api_handlers.hpp"
#include "controller/service/api_server.hpp"
#include "controller/service/pin_guard.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace tg::service;
using namespace std::chrono_literals;

TEST_CASE("PIN guard: two free tries, then doubling waits, then a lockout; a right PIN clears") {
    PinGuard g;
    const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    CHECK(g.refusal(t0).empty());
    g.failed(t0);
    g.failed(t0);
    CHECK(g.refusal(t0).empty()); // typos cost nothing
    g.failed(t0);
    CHECK_FALSE(g.refusal(t0).empty());
    CHECK(g.refusal(t0 + 999ms).find("1 s") != std::string::npos);
    CHECK(g.refusal(t0 + 1s).empty());
    g.failed(t0 + 1s);
    CHECK_FALSE(g.refusal(t0 + 2500ms).empty());
    CHECK(g.refusal(t0 + 3s).empty());
    auto t = t0 + 3s;
    for (int i = g.consecutive_failures(); i < PinGuard::kLockoutFailures; ++i) {
        t += 61s;
        g.failed(t);
    }
    CHECK(g.refusal(t + 14min).find("locked") != std::string::npos);
    CHECK(g.refusal(t + 15min).empty());
    g.succeeded();
    g.failed(t + 15min);
    CHECK(g.refusal(t + 15min).empty());
}

TEST_CASE("requests with duplicate keys are refused at any depth") {
    std::string error;
    CHECK(parse_request(R"({"cmd":"speed","kmh":3})", error).is_object());
    CHECK(parse_request(R"({"cmd":"speed","kmh":3,"kmh":15})", error).is_discarded());
    CHECK(error == "duplicate key 'kmh'");
    error.clear();
    CHECK(parse_request(R"({"a":{"b":1,"b":2}})", error).is_discarded());
    CHECK(parse_request(R"({"a":{"b":1},"c":{"b":2}})", error).is_object());
    CHECK(parse_request("not json", error).is_discarded());
    CHECK_FALSE(error.empty());
}

TEST_CASE("the socket's directory: ours is created 0750, an existing one is never re-moded") {
    namespace fs = std::filesystem;
    const fs::path base = fs::temp_directory_path() / ("tg-sock-" + std::to_string(::getpid()));
    fs::create_directories(base);
    ::chmod(base.c_str(), 01777); // like /tmp
    prepare_socket_path((base / "tg.sock").string());
    struct stat st {};
    REQUIRE(::stat(base.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 01777);
    prepare_socket_path((base / "own" / "api.sock").string());
    REQUIRE(::stat((base / "own").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0750);
    { std::ofstream((base / "file").string()) << "x"; }
    CHECK_THROWS(prepare_socket_path((base / "file").string()));
    fs::remove_all(base);
}
