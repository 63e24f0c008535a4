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

namespace {

std::optional<double> finite(double v) {
    return std::isfinite(v) ? std::optional(v) : std::nullopt;
}

std::optional<api::PhaseStatus> phase_status(const protocol::DayPlan& plan,
                                             const protocol::LiveOutput& out, bool live,
                                             double elapsed_s) {
    if (!live || out.finished || plan.phases.empty()) return std::nullopt;
    const auto i = std::min(out.phase_index, plan.phases.size() - 1);
    const auto& p = plan.phases[i];
    api::PhaseStatus phase;
    phase.index = static_cast<std::int64_t>(i);
    phase.kind = protocol::to_string(out.kind);
    phase.cap_s = p.duration_cap_s;
    phase.elapsed_s = elapsed_s;
    phase.speed_cap_kmh = p.speed_cap_kmh;
    phase.running = out.running;
    if (i + 1 < plan.phases.size()) phase.next = protocol::to_string(plan.phases[i + 1].kind);
    return phase;
}

} // namespace

json ControlLoop::status(TimePoint now) const {
    const auto sup = supervisor_.status(now);
    const auto drive = deps_.drive->snapshot();
    api::Status s;
    s.state = std::string(sup.state_name);
    if (runner_) s.runner = runner_->name;
    if (session_id_) s.session_id = *session_id_;
    if (plan_)
        s.phase =
            phase_status(*plan_, live_out_, live_.has_value(), seconds(now) - phase_started_s_);
    s.speed = {drive.status ? drive.status->belt_kmh : 0.0, sup.commanded_kmh, sup.requested_kmh,
               sup.speed_cap_kmh};
    s.time.elapsed_s = std::chrono::duration<double>(sup.run_elapsed).count();
    s.time.cap_s = std::chrono::duration<double>(sup.duration_cap).count();
    if (plan_) s.time.planned_s = plan_->planned_run_s;
    if (last_step_)
        s.step = api::StepStatus{std::string(gait::to_string(last_step_->side)),
                                 finite(last_step_->peak_force_bw), finite(last_step_->valr_bw_s),
                                 finite(last_step_->contact_time_s)};
    s.cadence.spm = finite(gait_->rolling_cadence_spm());
    s.cadence.target_spm = live_out_.cadence_target_spm;
    if (last_step_) s.loading_rate.valr_bw_s = finite(last_step_->valr_bw_s);
    s.loading_rate.advisory_bw_s = 66.0;
    s.loading_rate.method =
        "average loading rate, 20-80% of the impact peak (3-12% of stance without one); " +
        gait::describe_filter(gait::GaitConfig{});
    if (max_pain_ >= 0 && session_id_)
        s.pain.last = static_cast<int>(std::lround(pending_pain_.value_or(max_pain_)));
    if (max_pain_ >= 0) s.pain.max = max_pain_;
    if (plan_) s.pain.threshold = plan_->pain_threshold;
    if (live_ && live_->limit())
        s.limit =
            api::LimitStatus{static_cast<double>(live_->limit()->run_s), live_->limit()->speed_kmh,
                             protocol::to_string(live_->limit()->reason)};
    if (last_out_) {
        for (const auto& a : last_out_->alarms) {
            const auto& text = safety::describe(a.code);
            s.alarms.push_back(api::AlarmStatus{std::string(text.id),
                                                std::string(safety::to_string(a.action)),
                                                std::string(text.reason), std::string(text.remedy),
                                                sup.latched.test(safety::index_of(a.code))});
        }
    }
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
    s.links.plate.ok = last_sample_at_ && now - *last_sample_at_ < std::chrono::milliseconds(500);
    s.links.plate.age_ms = age_ms(last_sample_at_);
    s.links.plate.dropped = plate.dropped;
    s.force.vertical_n = peak_force_since_tick_;
    if (runner_) s.force.bw = peak_force_since_tick_ / (runner_->body_mass_kg * 9.80665);
    if (plan_) s.advice = plan_->advisories;
    if (last_step_ && std::isfinite(last_step_->valr_bw_s) && last_step_->valr_bw_s > 66.0)
        s.advice.push_back(
            "Loading rate above 66 BW/s: try shorter, quicker steps and a softer landing.");
    if (!last_event_text_.empty()) s.event = last_event_text_;
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
