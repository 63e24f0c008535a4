#include "controller/protocol/clinic_time.hpp"

#include <chrono>
#include <date/tz.h>

namespace tg::protocol {

std::variant<ClinicTimeZone, std::string> ClinicTimeZone::find(const std::string& iana_name) {
    try {
        return ClinicTimeZone(date::locate_zone(iana_name), iana_name);
    } catch (const std::exception& error) {
        return "time zone \"" + iana_name + "\" is not in the OS time-zone database (" +
               error.what() + "); use an IANA name such as Europe/Berlin";
    }
}

ClinicTimeZone ClinicTimeZone::utc() {
    return std::get<ClinicTimeZone>(find("UTC"));
}

Day ClinicTimeZone::day_of(std::int64_t unix_ms) const {
    using namespace std::chrono;
    // Whole seconds, rounded down, so a moment just before local midnight stays on its day.
    const auto moment = floor<seconds>(sys_time<milliseconds>(milliseconds(unix_ms)));
    const auto local = zone_->to_local(moment);
    return static_cast<Day>(date::floor<date::days>(local).time_since_epoch().count());
}

} // namespace tg::protocol
