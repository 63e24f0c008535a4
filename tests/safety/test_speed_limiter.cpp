// The limiter: min(request, session cap, machine max), start speed, ramps.
#include "controller/safety/speed_limiter.hpp"

#include <chrono>
#include <cmath>
#include <doctest/doctest.h>
#include <limits>
#include <stdexcept>

using namespace std::chrono_literals;
using tg::safety::LimiterSettings;
using tg::safety::RampMode;
using tg::safety::SpeedLimiter;

namespace {

// Steps at 100 Hz for `seconds`, returning the last setpoint.
double hold(SpeedLimiter& limiter, double request, double cap, double seconds,
            RampMode mode = RampMode::normal) {
    double out = limiter.current().kmh();
    const int ticks = static_cast<int>(std::lround(seconds * 100.0));
    for (int i = 0; i < ticks; ++i)
        out = limiter.step(10ms, request, cap, mode).kmh();
    return out;
}

} // namespace

TEST_CASE("limiter starts from standstill at no more than the start speed") {
    struct Row {
        double request, cap, start_speed, expected_first;
    };
    const Row rows[] = {
        {10.0, 8.0, 1.0, 1.0}, // a high request still starts at 1 km/h
        {0.6, 8.0, 1.0, 0.6},  // a request below the start speed starts at the request
        {10.0, 0.5, 1.0, 0.5}, // a cap below the start speed wins
        {10.0, 8.0, 0.8, 0.8}, // a clinic may choose a lower start speed
    };
    for (const Row& row : rows) {
        LimiterSettings settings;
        settings.start_speed_kmh = row.start_speed;
        SpeedLimiter limiter{settings};
        CAPTURE(row.request);
        CAPTURE(row.cap);
        CHECK(limiter.step(10ms, row.request, row.cap, RampMode::normal).kmh() ==
              doctest::Approx(row.expected_first));
    }
}

TEST_CASE("limiter bounds acceleration and deceleration") {
    struct Row {
        double accel, decel;
    };
    const Row rows[] = {{0.5, 1.0}, {0.2, 0.5}, {1.0, 2.0}};
    for (const Row& row : rows) {
        LimiterSettings settings;
        settings.accel_kmh_per_s = row.accel;
        settings.decel_kmh_per_s = row.decel;
        SpeedLimiter limiter{settings};
        CAPTURE(row.accel);
        limiter.step(10ms, 10.0, 12.0, RampMode::normal); // start at 1 km/h
        CHECK(hold(limiter, 10.0, 12.0, 4.0) == doctest::Approx(1.0 + 4.0 * row.accel));
        const double top = hold(limiter, 10.0, 12.0, 60.0);
        CHECK(top == doctest::Approx(10.0));
        CHECK(hold(limiter, 0.0, 12.0, 2.0) == doctest::Approx(10.0 - 2.0 * row.decel));
        // One long tick moves no further than rate x its length.
        CHECK(limiter.step(1s, 0.0, 12.0, RampMode::normal).kmh() ==
              doctest::Approx(10.0 - 3.0 * row.decel));
    }
}

TEST_CASE("limiter emergency ramp uses the configured emergency deceleration") {
    for (double emergency : {1.0, 3.0, 6.5, 10.0}) {
        LimiterSettings settings;
        settings.emergency_decel_kmh_per_s = emergency;
        SpeedLimiter limiter{settings};
        limiter.step(10ms, 10.0, 12.0, RampMode::normal);
        hold(limiter, 10.0, 12.0, 60.0);
        CAPTURE(emergency);
        CHECK(hold(limiter, 0.0, 12.0, 1.0, RampMode::emergency) ==
              doctest::Approx(10.0 - emergency));
        CHECK(hold(limiter, 0.0, 12.0, 20.0, RampMode::emergency) == 0.0);
    }
}

TEST_CASE("limiter never exceeds min(session cap, machine max)") {
    struct Row {
        double request, cap, machine_max, expected_top;
    };
    const Row rows[] = {
        {20.0, 8.0, 16.0, 8.0}, {20.0, 25.0, 16.0, 16.0},
        {5.0, 8.0, 16.0, 5.0},  {8.0, 8.0, 16.0, 8.0},
        {1e9, 1e9, 12.0, 12.0}, {std::numeric_limits<double>::infinity(), 8.0, 16.0, 8.0},
    };
    for (const Row& row : rows) {
        LimiterSettings settings;
        settings.machine_max_kmh = row.machine_max;
        SpeedLimiter limiter{settings};
        CAPTURE(row.request);
        CAPTURE(row.cap);
        double peak = 0.0;
        for (int i = 0; i < 6000; ++i)
            peak = std::max(peak, limiter.step(10ms, row.request, row.cap, RampMode::normal).kmh());
        CHECK(peak == doctest::Approx(row.expected_top));
        CHECK(peak <= row.expected_top);
    }
}

TEST_CASE("limiter: a cap lowered mid-run is reached at the deceleration bound, then held") {
    for (const auto mode : {RampMode::normal, RampMode::emergency}) {
        LimiterSettings settings;
        settings.decel_kmh_per_s = 1.0;
        settings.emergency_decel_kmh_per_s = 3.0;
        SpeedLimiter limiter{settings};
        limiter.step(10ms, 10.0, 10.0, RampMode::normal);
        CHECK(hold(limiter, 10.0, 10.0, 60.0) == doctest::Approx(10.0));
        const double rate = mode == RampMode::normal ? 1.0 : 3.0;
        // The request stays at 10: the cap alone brings the setpoint down, never by a jump.
        double previous = limiter.current().kmh();
        for (int i = 0; i < 100; ++i) {
            const double now = limiter.step(10ms, 10.0, 6.0, mode).kmh();
            CHECK(previous - now <= rate * 0.01 + 1e-9);
            CHECK(now <= previous);
            previous = now;
        }
        CHECK(previous == doctest::Approx(10.0 - rate));
        CHECK(hold(limiter, 10.0, 6.0, 10.0, mode) == doctest::Approx(6.0));
        // Once reached, the lowered cap is a ceiling again.
        CHECK(hold(limiter, 10.0, 6.0, 30.0) == doctest::Approx(6.0));
    }
}

TEST_CASE("limiter treats nonsense requests and caps as zero") {
    SpeedLimiter limiter{LimiterSettings{}};
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(limiter.step(10ms, nan, 8.0, RampMode::normal).kmh() == 0.0);
    CHECK(limiter.step(10ms, 5.0, nan, RampMode::normal).kmh() == 0.0);
    CHECK(limiter.step(10ms, 5.0, -3.0, RampMode::normal).kmh() == 0.0);
    CHECK(limiter.step(10ms, -5.0, 8.0, RampMode::normal).kmh() == 0.0);
    // A negative time step (clock misuse) never moves the setpoint.
    limiter.step(10ms, 5.0, 8.0, RampMode::normal);
    CHECK(limiter.step(-5s, 0.0, 8.0, RampMode::normal).kmh() == doctest::Approx(1.0));
}

TEST_CASE("limiter settings outside safe bounds are refused with a reason") {
    struct Row {
        void (*mutate)(LimiterSettings&);
        const char* expected;
    };
    const Row rows[] = {
        {[](LimiterSettings& s) { s.start_speed_kmh = 1.5; }, "start_speed_kmh"},
        {[](LimiterSettings& s) { s.accel_kmh_per_s = 2.0; }, "accel_kmh_per_s"},
        {[](LimiterSettings& s) { s.accel_kmh_per_s = 0.0; }, "accel_kmh_per_s"},
        {[](LimiterSettings& s) { s.decel_kmh_per_s = 2.5; }, "decel_kmh_per_s"},
        {[](LimiterSettings& s) { s.machine_max_kmh = 40.0; }, "machine_max_kmh"},
        {[](LimiterSettings& s) { s.machine_max_kmh = std::nan(""); }, "machine_max_kmh"},
        {[](LimiterSettings& s) { s.emergency_decel_kmh_per_s = 20.0; },
         "emergency_decel_kmh_per_s"},
        {[](LimiterSettings& s) {
             s.decel_kmh_per_s = 2.0;
             s.emergency_decel_kmh_per_s = 1.5;
         },
         "gentler"},
    };
    CHECK(LimiterSettings{}.validate().empty());
    for (const Row& row : rows) {
        LimiterSettings settings;
        row.mutate(settings);
        const auto problems = settings.validate();
        REQUIRE(problems.size() == 1);
        CAPTURE(problems.front());
        CHECK(problems.front().find(row.expected) != std::string::npos);
        CHECK_THROWS_AS(SpeedLimiter{settings}, std::invalid_argument);
    }
}
