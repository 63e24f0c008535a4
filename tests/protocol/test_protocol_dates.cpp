#include "controller/protocol/day_number.hpp"
#include "controller/protocol/duration_text.hpp"

#include <doctest/doctest.h>

using namespace tg::protocol;

TEST_CASE("day numbers count days since 1970-01-01") {
    CHECK(parse_day("1970-01-01") == 0);
    CHECK(parse_day("1970-01-02") == 1);
    CHECK(parse_day("1969-12-31") == -1);
    CHECK(parse_day("2000-03-01") == 11017);
    CHECK(parse_day("2026-03-02") == 20514);
    CHECK(format_day(20514) == "2026-03-02");
    CHECK(format_day(-1) == "1969-12-31");
}

TEST_CASE("leap years and invalid dates") {
    CHECK(parse_day("2000-02-29").has_value());
    CHECK(parse_day("2024-02-29").has_value());
    CHECK_FALSE(parse_day("2100-02-29").has_value());
    CHECK_FALSE(parse_day("2025-02-29").has_value());
    CHECK_FALSE(parse_day("2025-04-31").has_value());
    CHECK_FALSE(parse_day("2025-13-01").has_value());
    CHECK_FALSE(parse_day("2025-00-10").has_value());
    CHECK_FALSE(parse_day("2025-1-10").has_value());
    CHECK_FALSE(parse_day("2025-01-1x").has_value());
    CHECK_FALSE(parse_day("").has_value());
    CHECK_FALSE(parse_day("+025-01-10").has_value());
}

TEST_CASE("every day from 1900 to 2200 survives format and parse") {
    const Day first = *parse_day("1900-01-01");
    const Day last = *parse_day("2200-12-31");
    int checked = 0;
    for (Day day = first; day <= last; ++day) {
        const auto back = parse_day(format_day(day));
        if (!back || *back != day) FAIL("round trip broke at day " << day);
        ++checked;
    }
    CHECK(checked == last - first + 1);
}

TEST_CASE("durations read as minutes:seconds") {
    CHECK(minutes_text(0) == "0:00");
    CHECK(minutes_text(754) == "12:34");
    CHECK(minutes_text(-61) == "-1:01");
    CHECK(one_decimal(8.46) == "8.5");
}
