// The status object of API.md, built from what the last tick saw.
#include "controller/api/devices_message.hpp"
#include "controller/api/status_message.hpp"
#include "controller/gait/gait_config.hpp"
#include "controller/service/control_loop.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace tg::service {

using json = nlohmann::json;

json ControlLoop::status(TimePoint now) const {
    api::Status s;
    core_.fill_status(now, s);
    const auto drive = deps_.drive->snapshot();
    const auto age_ms = [&](std::optional<TimePoint> t) -> std::optional<double> {
        if (!t) return std::nullopt;
        return std::chrono::duration<double, std::milli>(now - *t).count();
    };
    const auto plate = deps_.plate ? deps_.plate->snapshot() : PlateSnapshot{};
    s.links.drive.ok = drive.status && now - drive.status->read_at < std::chrono::milliseconds(250);
    s.links.drive.age_ms =
        age_ms(drive.status ? std::optional(drive.status->read_at) : std::nullopt);
    s.links.drive.fault_code = drive.status ? drive.status->fault_code : 0;
    if (drive.status) s.links.drive.fault = drive.status->fault_name;
    const auto last_sample_at = core_.last_sample_at();
    s.links.plate.ok = last_sample_at && now - *last_sample_at < std::chrono::milliseconds(500);
    s.links.plate.age_ms = age_ms(last_sample_at);
    s.links.plate.dropped = plate.dropped;
    if (deps_.records) {
        const auto health = records_health();
        const bool ok = health.state == store::WriterState::ok;
        s.records =
            api::RecordsHealth{ok, ok ? std::string()
                                      : std::string(store::writer_state_name(health.state)) + ": " +
                                            health.last_error};
    }
    return s;
}

namespace {

// The q-quantile of the first n values of a ring (sorted copy; the ring is small).
double quantile(const std::array<float, 4096>& ring, std::size_t n, double q) {
    if (n == 0) return 0.0;
    std::vector<float> v(ring.begin(), ring.begin() + static_cast<long>(n));
    std::sort(v.begin(), v.end());
    return static_cast<double>(v[static_cast<std::size_t>(q * double(n - 1))]);
}

} // namespace

json ControlLoop::devices() const {
    const std::size_t n = std::min<std::size_t>(ticks_, tick_periods_ms_.size());
    api::Devices out;
    out.tick.ticks = ticks_;
    out.tick.window = n;
    out.tick.period_p50_ms = quantile(tick_periods_ms_, n, 0.5);
    out.tick.period_p99_ms = quantile(tick_periods_ms_, n, 0.99);
    out.tick.period_max_ms = quantile(tick_periods_ms_, n, 1.0);
    out.tick.period_min_ms = quantile(tick_periods_ms_, n, 0.0);
    out.tick.late_p99_ms = quantile(tick_late_ms_, n, 0.99);
    out.tick.late_max_ms = quantile(tick_late_ms_, n, 1.0);
    const auto d = deps_.drive->snapshot();
    out.drive.link = d.link;
    out.drive.device = d.device;
    out.drive.configured = d.configured;
    if (d.identity) out.drive.identity = *d.identity;
    out.drive.requests = d.requests;
    out.drive.errors = d.errors;
    out.drive.timeouts = d.timeouts;
    out.drive.reconnects = d.reconnects;
    out.drive.round_trip_p50_ms = d.round_trip_p50_ms;
    out.drive.round_trip_p99_ms = d.round_trip_p99_ms;
    out.drive.last_error = d.last_error;
    out.drive.output_hz = d.status ? d.status->output_hz : 0.0;
    out.drive.fault_code = d.status ? d.status->fault_code : 0;
    out.drive.write_errors = d.write_errors;
    out.drive.silences = d.silences;
    out.drive.stop_unconfirmed = d.stop_unconfirmed;
    const auto p = deps_.plate ? deps_.plate->snapshot() : PlateSnapshot{};
    out.plate.enabled = deps_.plate != nullptr;
    out.plate.link = p.link;
    out.plate.device = p.device;
    out.plate.configured = p.configured;
    out.plate.samples = p.samples;
    out.plate.dropped = p.dropped;
    out.plate.requests = p.requests;
    out.plate.errors = p.errors;
    out.plate.timeouts = p.timeouts;
    out.plate.round_trip_p50_ms = p.round_trip_p50_ms;
    out.plate.round_trip_p99_ms = p.round_trip_p99_ms;
    out.plate.last_error = p.last_error;
    out.plate.calibration = p.calibration;
    out.treadmill = {deps_.treadmill.id, deps_.treadmill.hz_per_kmh, deps_.treadmill.max_speed_kmh,
                     deps_.treadmill.k_source};
    return out;
}

} // namespace tg::service
