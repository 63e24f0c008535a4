#include "hmi/api/controller_status.hpp"

#include <algorithm>

namespace tg::hmi {
namespace {

std::optional<PhaseStatus> phase_of(const std::optional<api::PhaseStatus>& phase) {
    if (!phase) return std::nullopt;
    PhaseStatus out;
    out.index = static_cast<int>(phase->index);
    out.kind = phase->kind;
    out.label = phase->kind;
    out.next = phase->next.value_or("");
    out.elapsed_s = phase->elapsed_s;
    out.cap_s = phase->cap_s;
    out.running = phase->running;
    return out;
}

} // namespace

ControllerStatus to_controller_status(const api::Status& st) {
    ControllerStatus out;
    out.state = st.state;
    out.runner = st.runner.value_or("");
    out.session_id = st.session_id;
    out.phase = phase_of(st.phase);
    out.actual_kmh = st.speed.actual_kmh;
    out.commanded_kmh = st.speed.commanded_kmh;
    out.requested_kmh = st.speed.requested_kmh;
    out.cap_kmh = st.speed.cap_kmh;
    out.elapsed_s = st.time.elapsed_s;
    out.time_cap_s = st.time.cap_s;
    if (st.step) out.step_peak_bw = st.step->peak_bw;
    out.cadence_spm = st.cadence.spm;
    out.cadence_target_spm = st.cadence.target_spm;
    out.valr_bw_s = st.loading_rate.valr_bw_s;
    out.valr_advisory_bw_s = st.loading_rate.advisory_bw_s;
    out.valr_method = st.loading_rate.method;
    out.pain_last = st.pain.last;
    out.pain_threshold = st.pain.threshold;
    if (st.limit) out.limit = LimitStatus{st.limit->run_s, st.limit->speed_kmh};
    for (const api::AlarmStatus& a : st.alarms)
        out.alarms.push_back({a.code, a.severity, a.reason, a.action, a.latched});
    out.drive_link = LinkStatus{st.links.drive.ok, st.links.drive.age_ms, std::nullopt};
    out.plate_link = LinkStatus{st.links.plate.ok, st.links.plate.age_ms,
                                static_cast<long long>(st.links.plate.dropped)};
    out.advice = st.advice;
    out.records = st.records;
    return out;
}

std::optional<ControllerStatus> parse_status(const nlohmann::json& status, std::string* error) {
    const auto decoded = api::decode<api::Status>(status);
    if (!decoded.ok()) {
        if (error) *error = "status: " + decoded.error();
        return std::nullopt;
    }
    return to_controller_status(decoded.value());
}

bool belt_may_move(const std::string& state) {
    return api::belt_may_move(state);
}

bool is_latched_state(const std::string& state) {
    return api::is_latched_state(state);
}

bool has_latched_alarm(const ControllerStatus& status) {
    return is_latched_state(status.state) ||
           std::any_of(status.alarms.begin(), status.alarms.end(),
                       [](const AlarmStatus& a) { return a.latched; });
}

} // namespace tg::hmi
