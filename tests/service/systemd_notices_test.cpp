// The controller's messages to systemd, decided tick by tick: ready once the links answer,
// the supervisor state on change, the watchdog only from a tick that advanced.
#include "controller/service/systemd_notices.hpp"

#include <doctest/doctest.h>

using namespace tg::service;
using namespace std::chrono_literals;

namespace {

const SystemdNotices::Clock::time_point t0{};

ServiceHealth health(const char* state, bool drive, bool plate) {
    return {state, drive, plate};
}

bool has(const std::string& message, const std::string& line) {
    return ("\n" + message + "\n").find("\n" + line + "\n") != std::string::npos;
}

} // namespace

TEST_CASE("READY=1 once, when the drive and the plate links are both up") {
    SystemdNotices n(true, std::nullopt);
    auto m = n.on_tick(t0, 1, health("Idle", false, false));
    CHECK_FALSE(has(m, "READY=1"));
    CHECK(has(m, "STATUS=Idle; drive link down; plate link down"));
    m = n.on_tick(t0 + 200ms, 2, health("Idle", true, false));
    CHECK_FALSE(has(m, "READY=1"));
    m = n.on_tick(t0 + 400ms, 3, health("Idle", true, true));
    CHECK(has(m, "READY=1"));
    CHECK(has(m, "STATUS=Idle; drive link up; plate link up"));
    CHECK(n.ready_sent());
    // Links dropping and coming back do not send READY again.
    (void)n.on_tick(t0 + 600ms, 4, health("Fault", false, true));
    m = n.on_tick(t0 + 800ms, 5, health("Fault", true, true));
    CHECK_FALSE(has(m, "READY=1"));
    CHECK(has(m, "STATUS=Fault; drive link up; plate link up"));
}

TEST_CASE("with the plate disabled, the drive link alone makes it ready") {
    SystemdNotices n(false, std::nullopt);
    auto m = n.on_tick(t0, 1, health("Idle", true, false));
    CHECK(has(m, "READY=1"));
    CHECK(has(m, "STATUS=Idle; drive link up; plate disabled"));
}

TEST_CASE("STATUS= is sent when its text changes, not every tick") {
    SystemdNotices n(true, std::nullopt);
    CHECK_FALSE(n.on_tick(t0, 1, health("Idle", true, true)).empty());
    CHECK(n.on_tick(t0 + 200ms, 2, health("Idle", true, true)).empty());
    CHECK(has(n.on_tick(t0 + 400ms, 3, health("Running", true, true)),
              "STATUS=Running; drive link up; plate link up"));
    // Without a health (between looks) nothing is said about the state.
    CHECK(n.on_tick(t0 + 450ms, 4, std::nullopt).empty());
}

TEST_CASE("the health is looked at every 200 ms") {
    SystemdNotices n(true, std::nullopt);
    CHECK(n.wants_health(t0));
    (void)n.on_tick(t0, 1, health("Idle", true, true));
    CHECK_FALSE(n.wants_health(t0 + 100ms));
    CHECK(n.wants_health(t0 + SystemdNotices::kHealthPeriod));
}

TEST_CASE("WATCHDOG=1 every third of the interval, only from a tick that advanced") {
    SystemdNotices n(true, std::chrono::microseconds(3'000'000)); // WatchdogSec=3
    CHECK(has(n.on_tick(t0, 1, std::nullopt), "WATCHDOG=1"));
    CHECK(n.on_tick(t0 + 500ms, 50, std::nullopt).empty()); // too soon
    CHECK(has(n.on_tick(t0 + 1000ms, 100, std::nullopt), "WATCHDOG=1"));
    // A tick count that did not move (the loop is stuck, something calls anyway): no ping.
    CHECK(n.on_tick(t0 + 2000ms, 100, std::nullopt).empty());
    CHECK(n.on_tick(t0 + 5000ms, 100, std::nullopt).empty());
    CHECK(has(n.on_tick(t0 + 5010ms, 101, std::nullopt), "WATCHDOG=1"));
}

TEST_CASE("no watchdog interval: no WATCHDOG=1 at all") {
    SystemdNotices n(true, std::nullopt);
    for (int i = 1; i <= 20; ++i)
        CHECK_FALSE(has(n.on_tick(t0 + i * 1s, i, std::nullopt), "WATCHDOG=1"));
    SystemdNotices zero(true, std::chrono::microseconds(0));
    CHECK(zero.on_tick(t0, 1, std::nullopt).empty());
}

TEST_CASE("the health is read from the status object") {
    auto h = health_from_status(
        {{"state", "Running"},
         {"links", {{"drive", {{"ok", true}, {"age_ms", 3}}}, {"plate", {{"ok", false}}}}}});
    CHECK(h.state == "Running");
    CHECK(h.drive_link_ok);
    CHECK_FALSE(h.plate_link_ok);
    auto empty = health_from_status(nlohmann::json::object());
    CHECK(empty.state == "unknown");
    CHECK_FALSE(empty.drive_link_ok);
    auto odd = health_from_status({{"state", "Idle"}, {"links", {{"drive", 7}}}});
    CHECK_FALSE(odd.drive_link_ok);
}
