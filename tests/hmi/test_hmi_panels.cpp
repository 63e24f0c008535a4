// The running screen on the panels clinics buy (800x480, 1024x600, 1280x800): nothing to
// scroll, every button at least the touch target, the cue band drawn at the session's
// start, and a screenshot of each size in <build>/hmi-screens/panels. Against the fake
// controller (fast); the real daemon's session is test_hmi_audio_disk.
#include "tests/hmi/api_probe.hpp"
#include "tests/hmi/hmi_session.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <thread>

using nlohmann::json;
using tg::testing::ApiProbe;
using tg::testing::HmiSession;

namespace {

void running_on(const std::string& size) {
    HmiSession hmi({.size = size,
                    .force_fake = true,
                    .screenshot_dir = tg::testing::screens_dir() + "/panels"});
    ApiProbe api(hmi.api_socket());
    hmi.wait_screen("runners");
    hmi.tap("runner:Ana");
    hmi.wait_screen("plan");
    hmi.tap("start");
    api.wait_status([](const json& s) { return s.value("state", "") == "Running"; }, 10);
    hmi.wait_screen("running");
    std::this_thread::sleep_for(std::chrono::milliseconds(1200)); // trends fill, band is up
    hmi.screenshot();
    const json l = hmi.wait_screen("running");
    const json& texts = l["texts"];
    CHECK(texts.value("running-scroll-y", "?") == "0");
    CHECK(texts.value("window-scroll-y", "?") == "0");
    CHECK_MESSAGE(texts.contains("cue-band"), "no visual cue at the start of the session");
    for (const char* button : {"stop", "limit", "pain", "speed-plus", "speed-minus", "sound"}) {
        INFO(size << " " << button);
        REQUIRE(l["buttons"].contains(button));
        const json& b = l["buttons"][button];
        CHECK(b["w"].get<float>() >= hmi.target_px() - 0.5F);
        CHECK(b["h"].get<float>() >= hmi.target_px() - 0.5F);
        // fully on the panel
        CHECK(b["y"].get<float>() + b["h"].get<float>() <=
              std::stof(size.substr(size.find('x') + 1)) + 0.5F);
    }
    hmi.tap("sound");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    hmi.screenshot();
}

} // namespace

TEST_CASE("running screen at 800x480") {
    running_on("800x480");
}

TEST_CASE("running screen at 1024x600") {
    running_on("1024x600");
}

TEST_CASE("running screen at 1280x800") {
    running_on("1280x800");
}
