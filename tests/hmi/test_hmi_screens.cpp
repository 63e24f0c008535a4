// Every screen at the smallest and the largest panel, against the fake controller (it
// can raise alarms on request): screenshots land in <build>/hmi-screens, every button
// is at least the 12 mm touch target, and --bench-frames prints its figures (no bound:
// timing belongs to the benchmark).
#include "tests/hmi/api_probe.hpp"
#include "tests/hmi/hmi_session.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <regex>
#include <thread>

using nlohmann::json;
using tg::testing::ApiProbe;
using tg::testing::HmiSession;

namespace {

void pause_s(double s) {
    std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

// Every button on the current screen is at least the touch target.
void check_targets(HmiSession& hmi, const std::string& screen) {
    const json l = hmi.wait_screen(screen);
    for (const auto& [name, rect] : l["buttons"].items()) {
        INFO(screen << " button " << name);
        CHECK(rect["w"].get<float>() >= hmi.target_px() - 0.5F);
        CHECK(rect["h"].get<float>() >= hmi.target_px() - 0.5F);
    }
}

void go(HmiSession& hmi, const std::string& button, const std::string& screen) {
    hmi.tap(button);
    hmi.wait_screen(screen);
    pause_s(0.6); // the HMI's automatic screenshot comes 12 frames after a change
    check_targets(hmi, screen);
}

void tour(const std::string& size) {
    HmiSession hmi({size, true, tg::testing::screens_dir()});
    ApiProbe api(hmi.api_socket());
    hmi.wait_screen("runners");
    pause_s(0.6);
    check_targets(hmi, "runners");
    go(hmi, "runner:Ana", "plan");
    go(hmi, "checkin", "checkin");
    hmi.tap("pain-no");
    hmi.tap("swelling-no");
    hmi.tap("stiffness-yes");
    hmi.screenshot();
    go(hmi, "checkin-back", "plan");

    go(hmi, "start", "running");
    api.wait_status([](const json& s) { return s.value("state", "") == "Running"; }, 10);
    pause_s(3.0); // let the trends fill
    hmi.screenshot();
    go(hmi, "pain", "running-pain");
    go(hmi, "pain-cancel", "running");
    api.call({{"cmd", "fake.alarm"},
              {"code", "valr_high"},
              {"latched", false},
              {"reason", "Loading rate above 66 BW/s for 30 s"},
              {"action", "Try shorter, quicker steps"}});
    pause_s(0.5);
    hmi.screenshot();
    go(hmi, "stop", "summary");
    api.call({{"cmd", "fake.clear"}});

    // A latched fault: banner with Acknowledge; acknowledging never restarts the belt.
    api.call({{"cmd", "fake.alarm"}, {"code", "drive_link_lost"}, {"latched", true}});
    pause_s(0.5);
    hmi.screenshot();
    hmi.tap("ack");
    const json st = api.wait_status([](const json& s) { return s["alarms"].empty(); }, 5);
    CHECK(st["alarms"].empty());
    CHECK(st.value("state", "") != "Running");
    CHECK(st["speed"].value("actual_kmh", 1.0) == doctest::Approx(0.0));

    go(hmi, "clinician", "pin");
    for (const char* key : {"pin-1", "pin-2", "pin-3", "pin-4"})
        hmi.tap(key);
    go(hmi, "pin-ok", "clinician-runners");
    go(hmi, "tab-caps", "clinician-caps");
    hmi.tap("cap-speed");
    hmi.tap("caps-9");
    hmi.tap("why-0");
    hmi.screenshot();
    CHECK_FALSE(hmi.layout()["texts"].contains("audit-error"));
    go(hmi, "tab-history", "clinician-history");
    // The fake serves the contract's shapes (from the golden files): nothing is refused.
    CHECK_FALSE(hmi.layout()["texts"].contains("history-error"));
    go(hmi, "tab-devices", "clinician-devices");
    CHECK_FALSE(hmi.layout()["texts"].contains("devices-error"));
    CHECK(hmi.layout()["texts"].contains("drive.link"));
    go(hmi, "tab-calibration", "clinician-calibration");
    hmi.tap("cal-tare");
    pause_s(0.5);
    hmi.screenshot(); // tared: the wizard asks for the known weight

    hmi.stop_controller();
    pause_s(2.5);
    hmi.screenshot(); // "controller unavailable"
    const json l = hmi.layout();
    CHECK_FALSE(l["buttons"].value("cal-weight", json::object()).value("enabled", true));
}

} // namespace

TEST_CASE("every screen at 800x480") {
    tour("800x480");
}

TEST_CASE("every screen at 1280x800") {
    tour("1280x800");
}

TEST_CASE("--bench-frames prints the frame-time figures at 1280x800") {
    HmiSession hmi({"800x480", true, ""});
    const auto r = tg::testing::run_command(
        // SDL's libdbus connection is never freed; LeakSanitizer cannot attribute it (see
        // HmiSession).
        "ASAN_OPTIONS=detect_leaks=0 DISPLAY=" + hmi.display() + " '" + tg::testing::bin_dir() +
            "/treadguard-hmi' --api '" + hmi.api_socket() + "' --size 1280x800 --bench-frames 300",
        60);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(r.output, m,
                              std::regex("p50_ms=([0-9.]+) p99_ms=([0-9.]+) max_ms=([0-9.]+)")));
    // The figures are the benchmark's (treadguard-hmi --bench-frames N prints key=value);
    // on a loaded machine any bound would be flaky, so the test only checks they are there.
    MESSAGE("frame time " << m[0]);
    CHECK(std::stod(m[1]) > 0.0);
    CHECK(std::stod(m[3]) >= std::stod(m[1]));
}
