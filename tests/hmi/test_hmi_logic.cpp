// Pure pieces of the HMI: touch-target sizes per panel, the pointer latch, keypad
// entries, the trend ring, frame-time percentiles, weekly volume and the command line.
#include "hmi/app/hmi_options.hpp"
#include "hmi/logic/digit_entry.hpp"
#include "hmi/logic/frame_stats.hpp"
#include "hmi/logic/layout_registry.hpp"
#include "hmi/logic/panel_metrics.hpp"
#include "hmi/logic/pointer_input.hpp"
#include "hmi/logic/value_ring.hpp"
#include "hmi/logic/weekly_volume.hpp"

#include <doctest/doctest.h>

using namespace tg::hmi;

TEST_CASE("touch targets are 12 mm on the assumed panels and grow with the layout") {
    const PanelMetrics small = panel_metrics(800, 480);
    CHECK(small.dpi == doctest::Approx(133.3).epsilon(0.01));
    CHECK(small.min_target_px == 63.0F);
    const PanelMetrics mid = panel_metrics(1024, 600);
    CHECK(mid.dpi == doctest::Approx(169.6).epsilon(0.01));
    CHECK(mid.min_target_px >= 80.0F);
    const PanelMetrics big = panel_metrics(1280, 800);
    CHECK(big.min_target_px >= 71.0F);
    CHECK(big.min_target_px >= 63.0F * big.scale - 0.5F);
    CHECK(big.font_body_px > small.font_body_px);
    CHECK(panel_metrics(800, 480, 5.0).min_target_px > small.min_target_px); // denser panel
    CHECK(mm_to_px(25.4, 100.0) == 100.0F);
}

TEST_CASE("a press and release between two frames still shows as one down frame") {
    PointerInput p;
    CHECK_FALSE(p.frame().valid);
    p.press(10, 20);
    p.release(10, 20);
    PointerFrame f = p.frame();
    CHECK(f.down);
    CHECK(f.valid);
    CHECK(f.x == 10.0F);
    CHECK_FALSE(p.frame().down);
    p.press(5, 5);
    p.move(6, 6);
    CHECK(p.frame().down);
    CHECK(p.frame().down); // still held
    p.release(6, 6);
    CHECK_FALSE(p.frame().down);
}

TEST_CASE("keypad entries: digits, one decimal point, bounds") {
    DigitEntry pin(4, false);
    for (char c : std::string("12.345x"))
        pin.key(c);
    CHECK(pin.text() == "1234");
    CHECK(pin.masked() == "****");
    DigitEntry speed(5, true);
    speed.key('.');
    speed.key('5');
    speed.key('.');
    CHECK(speed.text() == "0.5");
    CHECK(speed.value_in(0.5, 20) == 0.5);
    CHECK_FALSE(speed.value_in(1.0, 20));
    speed.backspace();
    CHECK_FALSE(speed.value_in(0, 20)); // "0." is incomplete
    speed.clear();
    CHECK_FALSE(speed.value_in(0, 20));
}

TEST_CASE("value ring keeps the newest values, oldest first") {
    ValueRing r(3);
    CHECK(r.latest() == 0.0F);
    for (float v : {1.0F, 2.0F, 3.0F, 4.0F})
        r.push(v);
    CHECK(r.size() == 3);
    CHECK(r.at(0) == 2.0F);
    CHECK(r.latest() == 4.0F);
    CHECK(r.data()[r.oldest()] == 2.0F);
}

TEST_CASE("frame-time percentiles") {
    FrameStats s;
    CHECK(s.percentile(50) == 0.0);
    for (int i = 1; i <= 100; ++i)
        s.add(i / 1000.0);
    CHECK(s.percentile(50) == doctest::Approx(0.050));
    CHECK(s.percentile(99) == doctest::Approx(0.099));
    CHECK(s.max() == doctest::Approx(0.100));
}

TEST_CASE("layout registry reports screen rectangles and the smallest side") {
    LayoutRegistry l;
    l.begin_frame("running", 100, 50);
    l.add("stop", 10, 10, 200, 120);
    l.add("pain", 0, 0, 70, 64, false);
    const auto j = l.to_json();
    CHECK(j["screen"] == "running");
    CHECK(j["buttons"]["stop"]["x"] == 110.0);
    CHECK(j["buttons"]["pain"]["enabled"] == false);
    CHECK(l.smallest_side() == 64.0F);
}

TEST_CASE("weekly volume with the +30% band, empty weeks included") {
    const auto weeks = weekly_volume({{"2025-03-03", 600},           // Monday
                                      {"2025-03-09T10:00:00Z", 600}, // Sunday, same week
                                      {"2025-02-30", 5000},          // no such day: left out
                                      {"garbage", 5000},
                                      {"2025-03-17", 900}});
    REQUIRE(weeks.size() == 3);
    CHECK(weeks[0].monday == "2025-03-03");
    CHECK(weeks[0].run_s == 1200.0);
    CHECK(weeks[0].allowed_s == 0.0);
    CHECK(weeks[1].run_s == 0.0);
    CHECK(weeks[1].allowed_s == doctest::Approx(1560.0));
    CHECK(weeks[2].run_s == 900.0);
    CHECK(weekly_volume({}).empty());
}

TEST_CASE("command line: sizes, test hooks and clear errors") {
    auto p =
        parse_hmi_options({"--size", "1280x800", "--fullscreen", "--dump-layout", "/tmp/l.json",
                           "--bench-frames", "10", "--api", "/tmp/a.sock", "--diagonal", "10.1"});
    CHECK(p.error.empty());
    CHECK(p.options.width == 1280);
    CHECK(p.options.height == 800);
    CHECK(p.options.fullscreen);
    CHECK(p.options.bench_frames == 10);
    CHECK(p.options.diagonal_in == 10.1);
    CHECK(p.options.api_socket == "/tmp/a.sock");
    CHECK(parse_hmi_options({"--size", "800by480"}).error.find("WxH") != std::string::npos);
    CHECK(parse_hmi_options({"--size"}).error == "--size needs a value");
    CHECK(parse_hmi_options({"--bogus"}).error == "unknown option '--bogus'");
    CHECK(parse_hmi_options({"--diagonal", "x"}).error.find("inches") != std::string::npos);
    CHECK(default_api_socket().find("api.sock") != std::string::npos);
}
