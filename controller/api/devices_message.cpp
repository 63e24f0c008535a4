#include "controller/api/devices_message.hpp"

namespace tg::api {

void to_json(json& j, const DriveDevice& v) {
    j = {{"link", v.link},
         {"device", v.device},
         {"configured", v.configured},
         {"identity", or_null(v.identity)},
         {"requests", v.requests},
         {"errors", v.errors},
         {"timeouts", v.timeouts},
         {"reconnects", v.reconnects},
         {"round_trip_p50_ms", v.round_trip_p50_ms},
         {"round_trip_p99_ms", v.round_trip_p99_ms},
         {"last_error", v.last_error},
         {"output_hz", v.output_hz},
         {"fault_code", v.fault_code},
         {"write_errors", v.write_errors},
         {"silences", v.silences},
         {"stop_unconfirmed", v.stop_unconfirmed}};
}
void from_json(const json& j, DriveDevice& v) {
    v.link = required<std::string>(j, "link");
    v.device = required<std::string>(j, "device");
    v.configured = required<bool>(j, "configured");
    v.identity = nullable<std::int64_t>(j, "identity");
    v.requests = required<std::uint64_t>(j, "requests");
    v.errors = required<std::uint64_t>(j, "errors");
    v.timeouts = required<std::uint64_t>(j, "timeouts");
    v.reconnects = required<std::uint64_t>(j, "reconnects");
    v.round_trip_p50_ms = required<double>(j, "round_trip_p50_ms");
    v.round_trip_p99_ms = required<double>(j, "round_trip_p99_ms");
    v.last_error = required<std::string>(j, "last_error");
    v.output_hz = required<double>(j, "output_hz");
    v.fault_code = required<std::int64_t>(j, "fault_code");
    v.write_errors = required<std::uint64_t>(j, "write_errors");
    v.silences = required<std::uint64_t>(j, "silences");
    v.stop_unconfirmed = required<bool>(j, "stop_unconfirmed");
}

void to_json(json& j, const PlateDevice& v) {
    j = {{"enabled", v.enabled},
         {"link", v.link},
         {"device", v.device},
         {"configured", v.configured},
         {"samples", v.samples},
         {"dropped", v.dropped},
         {"requests", v.requests},
         {"errors", v.errors},
         {"timeouts", v.timeouts},
         {"round_trip_p50_ms", v.round_trip_p50_ms},
         {"round_trip_p99_ms", v.round_trip_p99_ms},
         {"last_error", v.last_error},
         {"calibration", v.calibration}};
}
void from_json(const json& j, PlateDevice& v) {
    v.enabled = required<bool>(j, "enabled");
    v.link = required<std::string>(j, "link");
    v.device = required<std::string>(j, "device");
    v.configured = required<bool>(j, "configured");
    v.samples = required<std::uint64_t>(j, "samples");
    v.dropped = required<std::uint64_t>(j, "dropped");
    v.requests = required<std::uint64_t>(j, "requests");
    v.errors = required<std::uint64_t>(j, "errors");
    v.timeouts = required<std::uint64_t>(j, "timeouts");
    v.round_trip_p50_ms = required<double>(j, "round_trip_p50_ms");
    v.round_trip_p99_ms = required<double>(j, "round_trip_p99_ms");
    v.last_error = required<std::string>(j, "last_error");
    v.calibration = required<std::string>(j, "calibration");
}

void to_json(json& j, const TickStats& v) {
    j = {{"ticks", v.ticks},
         {"window", v.window},
         {"period_p50_ms", v.period_p50_ms},
         {"period_p99_ms", v.period_p99_ms},
         {"period_max_ms", v.period_max_ms},
         {"period_min_ms", v.period_min_ms},
         {"late_p99_ms", v.late_p99_ms},
         {"late_max_ms", v.late_max_ms}};
}
void from_json(const json& j, TickStats& v) {
    v.ticks = required<std::uint64_t>(j, "ticks");
    v.window = required<std::uint64_t>(j, "window");
    v.period_p50_ms = required<double>(j, "period_p50_ms");
    v.period_p99_ms = required<double>(j, "period_p99_ms");
    v.period_max_ms = required<double>(j, "period_max_ms");
    v.late_p99_ms = required<double>(j, "late_p99_ms");
    v.late_max_ms = required<double>(j, "late_max_ms");
    v.period_min_ms = required<double>(j, "period_min_ms");
}

void to_json(json& j, const TreadmillInfo& v) {
    j = {{"id", v.id},
         {"hz_per_kmh", v.hz_per_kmh},
         {"max_speed_kmh", v.max_speed_kmh},
         {"k_source", v.k_source}};
}
void from_json(const json& j, TreadmillInfo& v) {
    v.id = required<std::string>(j, "id");
    v.hz_per_kmh = required<double>(j, "hz_per_kmh");
    v.max_speed_kmh = required<double>(j, "max_speed_kmh");
    v.k_source = required<std::string>(j, "k_source");
}

void to_json(json& j, const Devices& v) {
    j = {{"drive", v.drive}, {"plate", v.plate}, {"tick", v.tick}, {"treadmill", v.treadmill}};
}
void from_json(const json& j, Devices& v) {
    v.drive = required<DriveDevice>(j, "drive");
    v.plate = required<PlateDevice>(j, "plate");
    v.tick = required<TickStats>(j, "tick");
    v.treadmill = required<TreadmillInfo>(j, "treadmill");
}

} // namespace tg::api
