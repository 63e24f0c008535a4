#pragma once
// A treadmill run as a FIT activity file: file id, device info, the developer fields'
// descriptions, timer events, one record per second (timestamp, speed, distance,
// running cadence, developer fields peak force and loading rate), one lap per phase,
// the session (running / treadmill) and the activity.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace tg::fit {

struct FitRecord {
    double t_s = 0.0; // since the start
    double speed_m_s = 0.0;
    double distance_m = 0.0;  // cumulative
    double cadence_spm = 0.0; // steps per minute (FIT stores strides per minute)
    double peak_force_bw = std::numeric_limits<double>::quiet_NaN();     // no step that second
    double loading_rate_bw_s = std::numeric_limits<double>::quiet_NaN(); // none measured
};

struct FitLap {
    std::string phase; // e.g. "walk", "run" (not stored in FIT; for tests and logs)
    double start_s = 0.0;
    double duration_s = 0.0;
    double distance_m = 0.0;
    double avg_cadence_spm = 0.0;
};

struct FitActivity {
    double start_unix_s = 0.0;
    double duration_s = 0.0;
    double distance_m = 0.0;
    double avg_cadence_spm = 0.0;
    std::uint32_t steps = 0;
    std::vector<FitRecord> records;
    std::vector<FitLap> laps;
    std::uint32_t serial_number = 1;
};

// FIT development manufacturer id: files of our own writing, not a registered vendor.
inline constexpr std::uint16_t fit_manufacturer_development = 255;
inline constexpr std::uint8_t developer_field_peak_force = 0;
inline constexpr std::uint8_t developer_field_loading_rate = 1;

std::vector<std::uint8_t> encode_activity(const FitActivity& activity);

} // namespace tg::fit
