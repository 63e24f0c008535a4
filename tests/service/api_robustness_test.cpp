// The API never crashes or stalls the daemon: malformed, oversized, hostile and random
// input gets an error reply (or a closed connection), and the daemon keeps answering.
#include "tests/support/controller_process.hpp"
#include "tests/support/raw_socket.hpp"

#include <doctest/doctest.h>
#include <random>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace tg;
using json = nlohmann::json;

namespace {

using testing::raw_connect;

// Sends raw bytes and collects what comes back within `wait`.
std::string exchange(const std::string& path, const std::string& bytes,
                     std::chrono::milliseconds wait) {
    int fd = raw_connect(path);
    (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    std::this_thread::sleep_for(wait);
    std::string got;
    char buf[65536];
    ssize_t n = 0;
    while ((n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0)
        got.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return got;
}

void still_alive(const testing::ControllerProcess& ctl) {
    auto s = ctl.call({{"cmd", "status"}});
    REQUIRE(s["ok"].get<bool>());
    CHECK(s["status"].contains("state"));
}

} // namespace

TEST_CASE("malformed requests get the documented errors and change nothing") {
    testing::SimProcess sim;
    testing::ControllerProcess ctl(sim, {"--no-plate"});
    struct Case {
        std::string line, code;
    };
    const std::vector<Case> cases = {
        {"this is not json", "bad_json"},
        {"[1,2,3]", "bad_json"},
        {R"({"v":1,"id":1})", "bad_request"},
        {R"({"v":2,"id":1,"cmd":"status"})", "version"},
        {R"({"v":1,"id":1,"cmd":"fly"})", "unknown_command"},
        {R"({"v":1,"id":1,"cmd":"speed"})", "bad_request"},
        {R"({"v":1,"id":1,"cmd":"speed","kmh":"fast"})", "bad_request"},
        {R"({"v":1,"id":1,"cmd":"speed","kmh":1e308})", "bad_request"},
        {R"({"v":1,"id":1,"cmd":"pain","level":11})", "bad_request"},
        {R"({"v":1,"id":1,"cmd":"pain","level":2.5})", "bad_request"},
        {R"({"v":1,"id":1,"cmd":"runners.add","name":"","mass_kg":60})", "bad_request"},
        {R"({"v":1,"id":1,"cmd":"runners.add","name":"X","mass_kg":-5})", "bad_request"},
        {R"({"v":1,"id":1,"cmd":"runner.select","name":"nobody"})", "refused"},
        {R"({"v":1,"id":1,"cmd":"caps.set","speed_cap_kmh":20,"why":"x"})", "pin"},
        {R"({"v":1,"id":1,"cmd":"sessions.show","session_id":424242})", "not_found"},
        {R"({"v":1,"id":1,"cmd":"sessions.export","session_id":1,"format":"exe"})", "bad_request"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        const auto got = exchange(ctl.api_path(), c.line + "\n", std::chrono::milliseconds(60));
        auto reply = json::parse(got.substr(0, got.find('\n')), nullptr, false);
        REQUIRE_FALSE(reply.is_discarded());
        CHECK_FALSE(reply["ok"].get<bool>());
        CHECK(reply["error"]["code"] == c.code);
    }
    still_alive(ctl);
    CHECK(ctl.status()["state"] != "Running");
}

TEST_CASE("an oversized line is refused and only that connection is closed") {
    testing::SimProcess sim;
    testing::ControllerProcess ctl(sim, {"--no-plate"});
    const std::string huge(200 * 1024, 'x');
    const auto got = exchange(ctl.api_path(), huge, std::chrono::milliseconds(200));
    CHECK(got.find("oversized") != std::string::npos);
    still_alive(ctl);
}

TEST_CASE("fuzz: random bytes, half-open and abandoned connections never take the daemon down") {
    testing::SimProcess sim;
    testing::ControllerProcess ctl(sim, {"--no-plate"});
    std::mt19937 rng(20261121);
    std::uniform_int_distribution<int> byte(0, 255), len(1, 3000);
    std::vector<int> half_open;
    for (int i = 0; i < 300; ++i) {
        std::string junk(static_cast<std::size_t>(len(rng)), '\0');
        for (auto& ch : junk)
            ch = static_cast<char>(byte(rng));
        if (i % 3 == 0) junk += "\n";                    // some complete "lines", some not
        if (i % 5 == 0) junk = R"({"v":1,"id":)" + junk; // truncated JSON
        int fd = raw_connect(ctl.api_path());
        (void)::send(fd, junk.data(), junk.size(), MSG_NOSIGNAL);
        if (i % 4 == 0)
            half_open.push_back(fd); // left open, never read
        else
            ::close(fd);
        if (i % 50 == 0) still_alive(ctl);
    }
    // A subscriber that never reads must not stall the tick: the daemon drops it.
    int lazy = raw_connect(ctl.api_path());
    const std::string sub = R"({"v":1,"id":1,"cmd":"subscribe","rate_hz":50})"
                            "\n";
    (void)::send(lazy, sub.data(), sub.size(), MSG_NOSIGNAL);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    still_alive(ctl);
    for (int fd : half_open)
        ::close(fd);
    ::close(lazy);
    still_alive(ctl);
    MESSAGE("300 hostile connections, " << half_open.size()
                                        << " left half-open; daemon answered throughout");
}
