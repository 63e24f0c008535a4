// LimitedSpeed can only come out of the SpeedLimiter: the compiler proves it.
#include "controller/safety/limited_speed.hpp"
#include "controller/safety/speed_limiter.hpp"

#include <bit>
#include <doctest/doctest.h>
#include <type_traits>

using tg::safety::LimitedSpeed;
using tg::safety::SpeedLimiter;

// Written as concepts so the checks are made in a dependent (SFINAE) context.
template <class T>
concept brace_from_nothing = requires {
    T{};
};
template <class T>
concept brace_from_double = requires {
    T{1.0};
};
template <class T>
concept paren_from_double = requires {
    T(1.0);
};
template <class T>
concept bit_cast_from_double = requires(double d) {
    std::bit_cast<T>(d);
};

// Not from a number, of any type.
static_assert(!std::is_constructible_v<LimitedSpeed, double>);
static_assert(!std::is_constructible_v<LimitedSpeed, float>);
static_assert(!std::is_constructible_v<LimitedSpeed, int>);
static_assert(!std::is_convertible_v<double, LimitedSpeed>);
// Not out of thin air.
static_assert(!std::is_default_constructible_v<LimitedSpeed>);
static_assert(!std::is_aggregate_v<LimitedSpeed>);
static_assert(!brace_from_nothing<LimitedSpeed>);
static_assert(!brace_from_double<LimitedSpeed>);
static_assert(!paren_from_double<LimitedSpeed>);
// Not by reinterpreting a double's bits: std::bit_cast needs a trivially copyable type.
static_assert(!std::is_trivially_copyable_v<LimitedSpeed>);
static_assert(!bit_cast_from_double<LimitedSpeed>);
// The probes themselves work: a plain struct passes every one of them.
struct PlainSpeed {
    double kmh;
};
static_assert(brace_from_nothing<PlainSpeed> && brace_from_double<PlainSpeed>);
static_assert(bit_cast_from_double<PlainSpeed>);
// But a limited speed, once made, may be passed on and stored.
static_assert(std::is_copy_constructible_v<LimitedSpeed>);
static_assert(std::is_copy_assignable_v<LimitedSpeed>);
static_assert(std::is_nothrow_copy_constructible_v<LimitedSpeed>);

TEST_CASE("LimitedSpeed carries the limiter's value and copies faithfully") {
    SpeedLimiter limiter{tg::safety::LimiterSettings{}};
    const LimitedSpeed first =
        limiter.step(std::chrono::milliseconds(10), 5.0, 8.0, tg::safety::RampMode::normal);
    LimitedSpeed copy = first;
    CHECK(copy.kmh() == doctest::Approx(1.0));
    copy = SpeedLimiter::standstill();
    CHECK(copy.kmh() == 0.0);
    CHECK(copy.is_standstill());
    CHECK_FALSE(first.is_standstill());
}
