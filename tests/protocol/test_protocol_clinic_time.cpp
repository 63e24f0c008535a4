// Protocol days are the clinic's local days (issue 12, item 6): west of UTC an evening run
// and the next morning's check-in fall on two days, east of UTC an early run is not on
// yesterday, and a daylight-saving change moves no run to another day.
#include "controller/protocol/clinic_time.hpp"

#include <cstdint>
#include <doctest/doctest.h>

using namespace tg::protocol;

namespace {

// Unix milliseconds of a UTC date and time.
std::int64_t utc_ms(const char* date, int hour, int minute) {
    const Day day = parse_day(date).value();
    return (static_cast<std::int64_t>(day) * 86400 + hour * 3600 + minute * 60) * 1000;
}

ClinicTimeZone zone(const char* name) {
    auto found = ClinicTimeZone::find(name);
    REQUIRE(std::holds_alternative<ClinicTimeZone>(found));
    return std::get<ClinicTimeZone>(found);
}

} // namespace

TEST_CASE("a clinic at UTC-8: the evening run and the next morning are two days") {
    const ClinicTimeZone clinic = zone("America/Los_Angeles");
    const std::int64_t run = utc_ms("2026-01-16", 3, 30);      // 19:30 local on the 15th
    const std::int64_t check_in = utc_ms("2026-01-16", 16, 0); // 08:00 local on the 16th
    CHECK(clinic.date_of(run) == "2026-01-15");
    CHECK(clinic.date_of(check_in) == "2026-01-16");
    // In UTC days (the old behaviour) both fell on one day.
    const ClinicTimeZone utc = ClinicTimeZone::utc();
    CHECK(utc.day_of(run) == utc.day_of(check_in));
}

TEST_CASE("a clinic at UTC+10: an early-morning run is on today, not yesterday") {
    const ClinicTimeZone clinic = zone("Australia/Brisbane");
    CHECK(clinic.date_of(utc_ms("2026-06-09", 20, 30)) == "2026-06-10"); // 06:30 local
    CHECK(clinic.date_of(utc_ms("2026-06-10", 13, 59)) == "2026-06-10"); // 23:59 local
    CHECK(clinic.date_of(utc_ms("2026-06-10", 14, 0)) == "2026-06-11");  // midnight local
}

TEST_CASE("across a daylight-saving change local midnight stays the day boundary") {
    const ClinicTimeZone berlin = zone("Europe/Berlin"); // 2026-03-29 02:00 -> 03:00
    CHECK(berlin.date_of(utc_ms("2026-03-28", 22, 59)) == "2026-03-28"); // 23:59 CET
    CHECK(berlin.date_of(utc_ms("2026-03-28", 23, 0)) == "2026-03-29");  // 00:00 CET
    CHECK(berlin.date_of(utc_ms("2026-03-29", 21, 59)) == "2026-03-29"); // 23:59 CEST
    CHECK(berlin.date_of(utc_ms("2026-03-29", 22, 0)) == "2026-03-30");  // 00:00 CEST
    const ClinicTimeZone la = zone("America/Los_Angeles");          // 2026-03-08 02:00 -> 03:00
    CHECK(la.date_of(utc_ms("2026-03-08", 7, 59)) == "2026-03-07"); // 23:59 PST
    CHECK(la.date_of(utc_ms("2026-03-09", 6, 59)) == "2026-03-08"); // 23:59 PDT
    CHECK(la.date_of(utc_ms("2026-03-09", 7, 0)) == "2026-03-09");  // 00:00 PDT
    CHECK(la.date_of(utc_ms("2026-11-01", 7, 30)) == "2026-11-01"); // 00:30 PDT, fall back day
    CHECK(la.date_of(utc_ms("2026-11-02", 7, 59)) == "2026-11-01"); // 23:59 PST
}

TEST_CASE("an unknown zone is refused with a reason") {
    const auto found = ClinicTimeZone::find("Mars/Olympus_Mons");
    REQUIRE(std::holds_alternative<std::string>(found));
    CHECK(std::get<std::string>(found).find("Mars/Olympus_Mons") != std::string::npos);
    CHECK(std::get<std::string>(found).find("IANA") != std::string::npos);
    CHECK(ClinicTimeZone::utc().date_of(utc_ms("2026-01-16", 3, 30)) == "2026-01-16");
}
