#pragma once

#include "controller/protocol/day_number.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace date {
class time_zone;
}

namespace tg::protocol {

// The clinic's time zone (an IANA name such as "America/Los_Angeles", from the OS tz
// database): protocol days are the clinic's local calendar days, so an evening run and the
// next morning's check-in fall on two days wherever the clinic is, across daylight-saving
// changes too. The engine stays pure: the caller turns a time into a Day here and passes it.
class ClinicTimeZone {
public:
    // The zone, or a plain reason ("Mars/Olympus is not in the OS time-zone database").
    static std::variant<ClinicTimeZone, std::string> find(const std::string& iana_name);
    static ClinicTimeZone utc();

    const std::string& name() const { return name_; }
    // The local calendar day of a moment (Unix milliseconds, UTC).
    Day day_of(std::int64_t unix_ms) const;
    // Today as the clinic sees it, for check-in dates: "YYYY-MM-DD".
    std::string date_of(std::int64_t unix_ms) const { return format_day(day_of(unix_ms)); }

private:
    ClinicTimeZone(const date::time_zone* zone, std::string name)
        : zone_(zone), name_(std::move(name)) {}

    const date::time_zone* zone_; // owned by the tz database, which lives for the program
    std::string name_;
};

// The config key that names the zone ([site] time_zone) and its default.
inline constexpr const char* default_clinic_time_zone = "UTC";

} // namespace tg::protocol
