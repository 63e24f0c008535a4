// The drive thread's judgement of a stop, driven by hand-advanced time: a refused stop, an
// output that does not fall, and an answering link with no status all call for silence;
// a dead link (nothing answered) and a drive ramping down normally do not.
#include "drivers/motor/stop_confirmation.hpp"

#include <doctest/doctest.h>

using namespace tg::motor;
using namespace std::chrono_literals;

namespace {

using TimePoint = StopConfirmation::TimePoint;

DriveStatus at(double hz) {
    DriveStatus s;
    s.output_hz = hz;
    s.running = hz > 0;
    return s;
}

StopConfirmationSettings settings() {
    StopConfirmationSettings s;
    s.not_falling_limit = 700ms;
    s.silence = 1000ms;
    return s;
}

} // namespace

TEST_CASE("settings come from the ramp and the watchdog") {
    tg::devicemap::DriveMap map;
    map.units_per_hz = 100;
    tg::devicemap::TreadmillSpec mill;
    mill.hz_per_kmh = 3.0;
    mill.max_decel_kmh_per_s = 2.0; // 6 Hz/s: 1 Hz in 167 ms
    const auto s = stop_confirmation_settings(map, mill, 0.5, 20ms);
    CHECK(s.not_falling_limit == 500ms + 80ms + 167ms);
    CHECK(s.silence == 1000ms); // the watchdog (0.5 s) plus at least 0.5 s
    CHECK(stop_confirmation_settings(map, mill, 2.0, 20ms).silence == 4000ms);
    CHECK(s.min_fall_hz == doctest::Approx(0.05));
}

TEST_CASE("a drive that ramps down after an accepted stop is confirmed") {
    StopConfirmation c(settings());
    TimePoint t{};
    CHECK_FALSE(c.step(t, false, std::nullopt, at(15), true).go_silent); // running
    auto v = c.step(t, true, StopWrite::accepted, at(15), true);
    for (double hz = 15; hz >= 0; hz -= 0.12) { // 6 Hz/s at 20 ms
        t += 20ms;
        v = c.step(t, true, std::nullopt, at(std::max(hz, 0.0)), true);
        REQUIRE_FALSE(v.go_silent);
        REQUIRE_FALSE(v.unconfirmed);
    }
    for (int i = 0; i < 200; ++i) { // at rest for a long time
        t += 20ms;
        v = c.step(t, true, std::nullopt, at(0), true);
    }
    CHECK_FALSE(v.go_silent);
    CHECK_FALSE(v.unconfirmed);
}

TEST_CASE("a refused stop means silence at once, and stays unconfirmed until accepted at rest") {
    StopConfirmation c(settings());
    TimePoint t{};
    auto v = c.step(t, true, StopWrite::refused, at(15), true);
    CHECK(v.go_silent);
    CHECK(v.unconfirmed);
    // Silent: nothing sent or read.
    t += 500ms;
    v = c.step(t, true, std::nullopt, std::nullopt, false);
    CHECK(v.unconfirmed);
    // Back: the stop is refused again.
    t += 600ms;
    c.resumed(t);
    v = c.step(t, true, StopWrite::refused, at(10), true);
    CHECK(v.go_silent);
    // The watchdog stopped the drive; at rest, but still refusing: still unconfirmed.
    t += 3s;
    c.resumed(t);
    v = c.step(t, true, StopWrite::refused, at(0), true);
    CHECK(v.unconfirmed);
    // It takes the stop again, at rest: confirmed.
    t += 1s;
    c.resumed(t);
    v = c.step(t, true, StopWrite::accepted, at(0), true);
    CHECK_FALSE(v.go_silent);
    CHECK_FALSE(v.unconfirmed);
    // Leaving stop (a new run) starts afresh.
    CHECK_FALSE(c.step(t, false, std::nullopt, at(0), true).unconfirmed);
}

TEST_CASE("an output that does not fall after an accepted stop is not confirmed") {
    StopConfirmation c(settings());
    TimePoint t{};
    auto v = c.step(t, true, StopWrite::accepted, at(14.4), true);
    for (int i = 0; i < 30; ++i) { // 600 ms at the same output: within the limit
        t += 20ms;
        v = c.step(t, true, std::nullopt, at(14.4), true);
    }
    CHECK_FALSE(v.go_silent);
    t += 200ms;
    v = c.step(t, true, std::nullopt, at(14.4), true);
    CHECK(v.go_silent);
    CHECK(v.unconfirmed);
}

TEST_CASE("an answering link without status (it breaks after each reply) is not confirmed") {
    StopConfirmation c(settings());
    TimePoint t{};
    auto v = c.step(t, true, StopWrite::accepted, std::nullopt, true);
    for (int i = 0; i < 50; ++i) {
        t += 20ms;
        v = c.step(t, true, StopWrite::accepted, std::nullopt, true);
    }
    CHECK(v.go_silent);
    CHECK(v.unconfirmed);
}

TEST_CASE("a dead link (nothing answered) is link loss, not an unconfirmed stop") {
    StopConfirmation c(settings());
    TimePoint t{};
    auto v = c.step(t, true, StopWrite::unanswered, std::nullopt, false);
    for (int i = 0; i < 200; ++i) {
        t += 20ms;
        v = c.step(t, true, StopWrite::unanswered, std::nullopt, false);
    }
    CHECK_FALSE(v.go_silent);
    CHECK_FALSE(v.unconfirmed);
    // A belt confirmed at rest stays confirmed when the link dies afterwards.
    StopConfirmation rest(settings());
    v = rest.step(t, true, StopWrite::accepted, at(0), true);
    for (int i = 0; i < 200; ++i) {
        t += 20ms;
        v = rest.step(t, true, std::nullopt, std::nullopt, true);
    }
    CHECK_FALSE(v.unconfirmed);
}
