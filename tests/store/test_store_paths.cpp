// Default store path and the time/date text the records use.
#include "controller/store/default_store_path.hpp"
#include "controller/store/utc_time_text.hpp"

#include <doctest/doctest.h>

using namespace tg::store;

TEST_CASE("default path: XDG_DATA_HOME first, then ~/.local/share") {
    CHECK(default_store_path("/data", "/home/ana").value() == "/data/treadguard/treadguard.db");
    CHECK(default_store_path(std::nullopt, "/home/ana").value() ==
          "/home/ana/.local/share/treadguard/treadguard.db");
    CHECK(default_store_path("", "/home/ana").value() ==
          "/home/ana/.local/share/treadguard/treadguard.db");
    // The XDG spec: a relative XDG_DATA_HOME is invalid and ignored.
    CHECK(default_store_path("relative/dir", "/home/ana").value() ==
          "/home/ana/.local/share/treadguard/treadguard.db");
}

TEST_CASE("default path: no usable directory is an error that says what to do") {
    auto none = default_store_path(std::nullopt, std::nullopt);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.find("pass the database path explicitly") != std::string::npos);
    CHECK_FALSE(default_store_path("x", "").ok());
}

TEST_CASE("default path from the environment uses the same rule") {
    ::setenv("XDG_DATA_HOME", "/srv/tg-data", 1);
    CHECK(default_store_path().value() == "/srv/tg-data/treadguard/treadguard.db");
    ::unsetenv("XDG_DATA_HOME");
    ::setenv("HOME", "/home/clinic", 1);
    CHECK(default_store_path().value() == "/home/clinic/.local/share/treadguard/treadguard.db");
}

TEST_CASE("ISO-8601 UTC text from unix milliseconds") {
    CHECK(format_utc_iso8601(0).value() == "1970-01-01T00:00:00.000Z");
    CHECK(format_utc_iso8601(1740821400123).value() == "2025-03-01T09:30:00.123Z");
    CHECK(format_utc_iso8601(951782400000).value() == "2000-02-29T00:00:00.000Z"); // leap day
    CHECK(format_utc_iso8601(253402300799999).value() == "9999-12-31T23:59:59.999Z");
    CHECK_FALSE(format_utc_iso8601(-1).has_value());
    CHECK_FALSE(format_utc_iso8601(253402300800000).has_value());
}

TEST_CASE("calendar dates must exist and be written YYYY-MM-DD") {
    CHECK(is_calendar_date("2024-02-29"));
    CHECK(is_calendar_date("2025-12-31"));
    CHECK_FALSE(is_calendar_date("2025-02-29"));
    CHECK_FALSE(is_calendar_date("2025-13-01"));
    CHECK_FALSE(is_calendar_date("2025-00-10"));
    CHECK_FALSE(is_calendar_date("2025-1-01"));
    CHECK_FALSE(is_calendar_date("2025/01/01"));
    CHECK_FALSE(is_calendar_date("2025-01-01T"));
    CHECK_FALSE(is_calendar_date("+025-01-01"));
    CHECK_FALSE(is_calendar_date(""));
}
