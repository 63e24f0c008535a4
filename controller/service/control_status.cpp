// The status object of API.md, built from what the last tick saw.
#include "controller/gait/gait_config.hpp"
#include "controller/service/control_loop.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace tg::service {

using json = nlohmann::json;

namespace {

json finite_or_null(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}

json phase_json(const protocol::DayPlan& plan, const protocol::LiveOutput& out, bool live,
                double elapsed_s) {
    if (!live || out.finished || plan.phases.empty()) return nullptr;
    const auto i = std::min(out.phase_index, plan.phases.size() - 1);
    const auto& p = plan.phases[i];
    json j = {{"index", i},
              {"kind", protocol::to_string(out.kind)},
              {"cap_s", p.duration_cap_s},
              {"elapsed_s", elapsed_s},
              {"speed_cap_kmh", p.speed_cap_kmh},
              {"running", out.running}};
    j["next"] = i + 1 < plan.phases.size() ? json(protocol::to_string(plan.phases[i + 1].kind))
                                           : json(nullptr);
    return j;
}

} // namespace

json ControlLoop::status(TimePoint now) const {
    const auto sup = supervisor_.status(now);
    const auto drive = deps_.drive->snapshot();
    json s;
    s["state"] = std::string(sup.state_name);
    s["runner"] = runner_ ? json(runner_->name) : json(nullptr);
    s["session_id"] = session_id_ ? json(*session_id_) : json(nullptr);
    s["phase"] =
        plan_ ? phase_json(*plan_, live_out_, live_.has_value(), seconds(now) - phase_started_s_)
              : json(nullptr);
    s["speed"] = {{"actual_kmh", drive.status ? drive.status->belt_kmh : 0.0},
                  {"commanded_kmh", sup.commanded_kmh},
                  {"requested_kmh", sup.requested_kmh},
                  {"cap_kmh", sup.speed_cap_kmh}};
    s["time"] = {{"elapsed_s", std::chrono::duration<double>(sup.run_elapsed).count()},
                 {"cap_s", std::chrono::duration<double>(sup.duration_cap).count()},
                 {"planned_s", plan_ ? json(plan_->planned_run_s) : json(nullptr)}};
    if (last_step_) {
        s["step"] = {{"side", gait::to_string(last_step_->side)},
                     {"peak_bw", finite_or_null(last_step_->peak_force_bw)},
                     {"valr_bw_s", finite_or_null(last_step_->valr_bw_s)},
                     {"contact_s", finite_or_null(last_step_->contact_time_s)}};
    } else {
        s["step"] = nullptr;
    }
    const double cadence = gait_->rolling_cadence_spm();
    s["cadence"] = {{"spm", finite_or_null(cadence)},
                    {"target_spm", live_out_.cadence_target_spm
                                       ? json(*live_out_.cadence_target_spm)
                                       : json(nullptr)}};
    s["loading_rate"] = {
        {"valr_bw_s", last_step_ ? finite_or_null(last_step_->valr_bw_s) : json(nullptr)},
        {"advisory_bw_s", 66.0},
        {"method",
         "average loading rate, 20-80% of the impact peak (3-12% of stance without one); " +
             gait::describe_filter(gait::GaitConfig{})}};
    s["pain"] = {{"last", max_pain_ >= 0 && session_id_ ? json(pending_pain_.value_or(max_pain_))
                                                        : json(nullptr)},
                 {"max", max_pain_ >= 0 ? json(max_pain_) : json(nullptr)},
                 {"threshold", plan_ ? json(plan_->pain_threshold) : json(nullptr)}};
    if (live_ && live_->limit()) {
        s["limit"] = {{"run_s", live_->limit()->run_s},
                      {"speed_kmh", live_->limit()->speed_kmh},
                      {"reason", protocol::to_string(live_->limit()->reason)}};
    } else {
        s["limit"] = nullptr;
    }
    json alarms = json::array();
    if (last_out_) {
        for (const auto& a : last_out_->alarms) {
            const auto& text = safety::describe(a.code);
            alarms.push_back({{"code", text.id},
                              {"severity", safety::to_string(a.action)},
                              {"reason", text.reason},
                              {"action", text.remedy},
                              {"latched", sup.latched.test(safety::index_of(a.code))}});
        }
    }
    s["alarms"] = alarms;
    const auto age_ms = [&](std::optional<TimePoint> t) {
        return t ? json(std::chrono::duration<double, std::milli>(now - *t).count())
                 : json(nullptr);
    };
    const auto plate = deps_.plate ? deps_.plate->snapshot() : PlateSnapshot{};
    s["links"] = {
        {"drive",
         {{"ok", drive.status && now - drive.status->read_at < std::chrono::milliseconds(250)},
          {"age_ms", age_ms(drive.status ? std::optional(drive.status->read_at) : std::nullopt)},
          {"fault_code", drive.status ? drive.status->fault_code : 0},
          {"fault", drive.status ? json(drive.status->fault_name) : json(nullptr)}}},
        {"plate",
         {{"ok", last_sample_at_ && now - *last_sample_at_ < std::chrono::milliseconds(500)},
          {"age_ms", age_ms(last_sample_at_)},
          {"dropped", plate.dropped}}}};
    s["force"] = {{"vertical_n", peak_force_since_tick_},
                  {"bw", runner_ ? json(peak_force_since_tick_ / (runner_->body_mass_kg * 9.80665))
                                 : json(nullptr)}};
    json advice = json::array();
    if (plan_)
        for (const auto& a : plan_->advisories)
            advice.push_back(a);
    if (last_step_ && std::isfinite(last_step_->valr_bw_s) && last_step_->valr_bw_s > 66.0)
        advice.push_back(
            "Loading rate above 66 BW/s: try shorter, quicker steps and a softer landing.");
    s["advice"] = advice;
    s["event"] = last_event_text_.empty() ? json(nullptr) : json(last_event_text_);
    return s;
}

json ControlLoop::devices() const {
    const std::size_t n = std::min<std::size_t>(ticks_, tick_periods_ms_.size());
    std::vector<float> periods(tick_periods_ms_.begin(),
                               tick_periods_ms_.begin() + static_cast<long>(n));
    std::sort(periods.begin(), periods.end());
    auto at = [&](double q) {
        return n == 0 ? 0.0
                      : static_cast<double>(periods[static_cast<std::size_t>(q * double(n - 1))]);
    };
    json tick = {{"ticks", ticks_},
                 {"window", n},
                 {"period_p50_ms", at(0.5)},
                 {"period_p99_ms", at(0.99)},
                 {"period_max_ms", n == 0 ? 0.0 : double(periods.back())},
                 {"period_min_ms", n == 0 ? 0.0 : double(periods.front())}};
    const auto d = deps_.drive->snapshot();
    const auto p = deps_.plate ? deps_.plate->snapshot() : PlateSnapshot{};
    return {{"drive",
             {{"link", d.link},
              {"device", d.device},
              {"configured", d.configured},
              {"identity", d.identity ? json(*d.identity) : json(nullptr)},
              {"requests", d.requests},
              {"errors", d.errors},
              {"timeouts", d.timeouts},
              {"reconnects", d.reconnects},
              {"round_trip_p50_ms", d.round_trip_p50_ms},
              {"round_trip_p99_ms", d.round_trip_p99_ms},
              {"last_error", d.last_error},
              {"output_hz", d.status ? d.status->output_hz : 0.0},
              {"fault_code", d.status ? d.status->fault_code : 0}}},
            {"plate",
             {{"enabled", deps_.plate != nullptr},
              {"link", p.link},
              {"device", p.device},
              {"configured", p.configured},
              {"samples", p.samples},
              {"dropped", p.dropped},
              {"requests", p.requests},
              {"errors", p.errors},
              {"timeouts", p.timeouts},
              {"round_trip_p50_ms", p.round_trip_p50_ms},
              {"round_trip_p99_ms", p.round_trip_p99_ms},
              {"last_error", p.last_error},
              {"calibration", p.calibration}}},
            {"tick", tick},
            {"treadmill",
             {{"id", deps_.treadmill.id},
              {"hz_per_kmh", deps_.treadmill.hz_per_kmh},
              {"max_speed_kmh", deps_.treadmill.max_speed_kmh},
              {"k_source", deps_.treadmill.k_source}}}};
}

} // namespace tg::service
