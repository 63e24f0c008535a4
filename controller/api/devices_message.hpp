#pragma once
// The `devices` reply's object: link statistics of the drive and the force plate, the
// control tick's period statistics and the treadmill in use.
#include "controller/api/json_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tg::api {

struct DriveDevice {
    std::string link;   // e.g. "tcp:127.0.0.1:1502"
    std::string device; // the register map's name
    bool configured = false;
    std::optional<std::int64_t> identity; // the drive's identity register, once read
    std::uint64_t requests = 0, errors = 0, timeouts = 0, reconnects = 0;
    double round_trip_p50_ms = 0, round_trip_p99_ms = 0;
    std::string last_error;
    double output_hz = 0;
    std::int64_t fault_code = 0;
    std::uint64_t write_errors = 0; // setpoint/command writes the drive did not take
    std::uint64_t silences = 0;     // times the link went silent so the drive's watchdog trips
    bool stop_unconfirmed = false;  // the drive did not confirm the last stop
};

struct PlateDevice {
    bool enabled = false;
    std::string link;
    std::string device;
    bool configured = false;
    std::uint64_t samples = 0, dropped = 0, requests = 0, errors = 0, timeouts = 0;
    double round_trip_p50_ms = 0, round_trip_p99_ms = 0;
    std::string last_error;
    std::string calibration; // where the plate's calibration came from
};

struct TickStats {
    std::uint64_t ticks = 0;
    std::uint64_t window = 0; // periods the percentiles are taken over
    double period_p50_ms = 0, period_p99_ms = 0, period_max_ms = 0, period_min_ms = 0;
    double late_p99_ms = 0, late_max_ms = 0; // how long after its due time a tick ran
};

struct TreadmillInfo {
    std::string id;
    double hz_per_kmh = 0;
    double max_speed_kmh = 0;
    std::string k_source;
};

struct Devices {
    DriveDevice drive;
    PlateDevice plate;
    TickStats tick;
    TreadmillInfo treadmill;
};

void to_json(json& j, const DriveDevice& v);
void from_json(const json& j, DriveDevice& v);
void to_json(json& j, const PlateDevice& v);
void from_json(const json& j, PlateDevice& v);
void to_json(json& j, const TickStats& v);
void from_json(const json& j, TickStats& v);
void to_json(json& j, const TreadmillInfo& v);
void from_json(const json& j, TreadmillInfo& v);
void to_json(json& j, const Devices& v);
void from_json(const json& j, Devices& v);

} // namespace tg::api
