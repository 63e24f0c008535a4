// The runner's path through the HMI under Xvfb, tapped with xdotool; after each tap the
// controller's own state is checked through its API.
#include "tests/hmi/api_probe.hpp"
#include "tests/hmi/hmi_session.hpp"

#include <chrono>
#include <cmath>
#include <doctest/doctest.h>
#include <thread>

using nlohmann::json;
using tg::testing::ApiProbe;
using tg::testing::HmiSession;

namespace {

double num(const json& j, const json::json_pointer& p) {
    return j.contains(p) && j[p].is_number() ? j[p].get<double>() : -1.0;
}

} // namespace

TEST_CASE("tapping start, speed +, pain, limit coming and STOP drives the controller") {
    HmiSession hmi({"800x480", false, tg::testing::screens_dir() + "/runner-flow"});
    const std::string backend = hmi.real_controller() ? "treadguard-controller + treadguard-sim"
                                                      : "fake_controller.py (daemon not built)";
    MESSAGE("controller: " << backend);
    ApiProbe api(hmi.api_socket());

    hmi.wait_screen("runners");
    hmi.tap("runner:Ana");
    hmi.wait_screen("plan");
    CHECK(api.status().value("runner", "") == "Ana");

    hmi.tap("start");
    json st = api.wait_status([](const json& s) { return s.value("state", "") == "Running"; }, 15);
    REQUIRE(st.value("state", "") == "Running");
    hmi.wait_screen("running");

    // The run phase asks for its planned speed, often the cap itself: step down, then up.
    // The protocol's own request follows the start within a tick or two: wait until the
    // request has settled in the run phase before the runner's taps.
    auto requested = [](const json& s) { return num(s, "/speed/requested_kmh"_json_pointer); };
    st = api.wait_status(
        [](const json& s) {
            return s.contains("/phase/kind"_json_pointer) && s["phase"]["kind"] == "run";
        },
        15);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    st = api.status();
    const double before = requested(st);
    hmi.tap("speed-minus");
    st = api.wait_status([&](const json& s) { return requested(s) < before - 0.05; }, 5);
    CHECK(requested(st) == doctest::Approx(before - 0.1).epsilon(0.01));
    hmi.tap("speed-plus");
    st = api.wait_status([&](const json& s) { return requested(s) > before - 0.05; }, 5);
    CHECK(requested(st) == doctest::Approx(before).epsilon(0.01));

    hmi.tap("pain");
    hmi.wait_screen("running-pain");
    hmi.tap("pain-1");
    st = api.wait_status(
        [](const json& s) {
            return s.contains("/pain/last"_json_pointer) && s["pain"]["last"] == 1;
        },
        5);
    CHECK(st["pain"]["last"] == 1);
    hmi.wait_screen("running");

    hmi.tap("limit"); // enabled only once the run phase is under way
    st = api.wait_status([](const json& s) { return s.contains("limit") && !s["limit"].is_null(); },
                         5);
    CHECK_FALSE(st["limit"].is_null());
    CHECK(st["phase"].value("kind", "") != "run"); // the run phase ended

    hmi.tap("stop");
    st = api.wait_status(
        [](const json& s) {
            const std::string state = s.value("state", "");
            return state == "Stopping" || state == "Stopped" || state == "Ready" || state == "Idle";
        },
        5);
    const std::string state = st.value("state", "");
    CHECK((state == "Stopping" || state == "Stopped" || state == "Ready" || state == "Idle"));
    hmi.wait_screen("summary", 30);
}

TEST_CASE("the HMI holds the interactive heartbeat: the belt keeps running with the HMI alive") {
    HmiSession hmi({"800x480", false, ""});
    ApiProbe api(hmi.api_socket());
    hmi.wait_screen("runners");
    hmi.tap("runner:Ana");
    hmi.tap("start");
    json st = api.wait_status([](const json& s) { return s.value("state", "") == "Running"; }, 15);
    REQUIRE(st.value("state", "") == "Running");
    // Longer than the 3 s heartbeat timeout: a silent HMI would have stopped the belt.
    std::this_thread::sleep_for(std::chrono::milliseconds(4500));
    CHECK(api.status().value("state", "") == "Running");
    hmi.tap("stop");
}
