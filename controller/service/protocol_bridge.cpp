#include "controller/service/protocol_bridge.hpp"

#include "controller/protocol/clinic_time.hpp"
#include "controller/protocol/profile_loader.hpp"

#include <cmath>
#include <map>

namespace tg::service {

namespace {

protocol::ClinicTimeZone zone_named(const std::string& time_zone) {
    auto found = protocol::ClinicTimeZone::find(time_zone);
    if (auto* zone = std::get_if<protocol::ClinicTimeZone>(&found)) return *zone;
    return protocol::ClinicTimeZone::utc();
}

} // namespace

protocol::Day clinic_day(const std::string& time_zone, std::int64_t unix_ms) {
    return zone_named(time_zone).day_of(unix_ms);
}

std::string clinic_date(const std::string& time_zone, std::int64_t unix_ms) {
    return zone_named(time_zone).date_of(unix_ms);
}

protocol::Runner engine_runner(const store::Runner& r) {
    protocol::Runner out;
    out.id = r.name;
    out.body_mass_kg = r.body_mass_kg;
    if (r.target_speed_kmh > 0) out.target_speed_kmh = r.target_speed_kmh;
    if (r.target_duration_min > 0) out.target_run_s = static_cast<int>(r.target_duration_min * 60);
    if (r.target_runs_per_week > 0) out.target_runs_per_week = r.target_runs_per_week;
    if (r.preferred_cadence_spm > 0) out.preferred_cadence_spm = r.preferred_cadence_spm;
    out.profile = r.profile_name.empty() ? "pain-free-limit" : r.profile_name;
    out.metronome_muted = r.metronome_muted;
    return out;
}

namespace {

// The engine's view of why a session ended. Records carry the store's ids
// ("limit_coming"); databases from before then carry the engine's text ("limit coming").
// Anything else (a stop, a fault, an interruption) says nothing about the knee.
protocol::EndReason parse_end_reason(const std::optional<std::string>& text) {
    using protocol::EndReason;
    if (!text) return EndReason::stopped;
    if (auto r = store::parse_end_reason(*text); r.ok()) {
        switch (r.value()) {
        case store::EndReason::limit_coming:
            return EndReason::limit_coming;
        case store::EndReason::pain:
            return EndReason::pain;
        case store::EndReason::duration_cap:
            return EndReason::duration_cap;
        default:
            return EndReason::stopped;
        }
    }
    for (auto reason : {EndReason::duration_cap, EndReason::limit_coming, EndReason::pain}) {
        if (*text == protocol::to_string(reason)) return reason;
    }
    return EndReason::stopped;
}

} // namespace

std::string cadence_remeasure_key(const store::Runner& runner) {
    return "cadence_remeasure/" + std::to_string(runner.id);
}

store::Result<protocol::History> engine_history(store::Store& store, const store::Runner& runner,
                                                const std::string& time_zone) {
    const auto zone = zone_named(time_zone);
    protocol::History h;
    auto sessions = store.list_sessions(runner.id);
    if (!sessions.ok()) return sessions.error();
    for (const auto& s : sessions.value()) {
        if (!s.end_unix_ms) continue; // still running
        protocol::SessionRecord rec;
        rec.date = zone.day_of(s.start_unix_ms);
        rec.run_s = static_cast<int>(std::lround(s.totals.run_time_s));
        rec.run_distance_m = s.totals.run_distance_m;
        // The speed of the running part: the limit's when one was recorded, else what the
        // belt did while running (a run that reached its cap has no limit).
        rec.speed_kmh = s.pain_free_limit_kmh.value_or(0.0);
        if (!s.pain_free_limit_kmh && s.totals.run_distance_m && s.totals.run_time_s > 1.0)
            rec.speed_kmh = *s.totals.run_distance_m / s.totals.run_time_s * 3.6;
        rec.pain_free_limit_s = static_cast<int>(std::lround(s.pain_free_limit_s.value_or(0.0)));
        rec.end_reason = parse_end_reason(s.end_reason);
        rec.max_pain = s.max_pain.value_or(0);
        // Running steps only: walking never enters the cadence baseline or loading rates.
        auto running = store.running_summary(s.id);
        if (running.ok() && running->running_steps > 0) {
            rec.cadence_spm = running->mean_cadence_spm;
            rec.avg_loading_rate_bw_per_s = running->mean_valr_bw_s;
        }
        h.sessions.push_back(rec);
        if (s.max_pain) h.pain_reports.push_back({rec.date, static_cast<double>(*s.max_pain)});
    }
    h.overrides = load_overrides(store, runner);
    auto clearances = store.clearances(runner.id);
    if (!clearances.ok()) return clearances.error();
    for (const auto& c : clearances.value())
        if (auto day = protocol::parse_day(c.date))
            h.clearances.push_back({*day, c.clinician, c.reason});
    // The latest answer to each entry check decides it (answers come oldest first).
    auto answers = store.entry_checks(runner.id);
    if (!answers.ok()) return answers.error();
    std::map<std::string, bool> latest;
    for (const auto& a : answers.value())
        latest[a.check_id] = a.passed;
    for (const auto& [id, passed] : latest)
        if (passed) h.entry_checks_passed.push_back(id);
    auto remeasure = store.setting(cadence_remeasure_key(runner));
    if (!remeasure.ok()) return remeasure.error();
    if (remeasure.value()) h.cadence_remeasure_from = protocol::parse_day(*remeasure.value());
    auto checkins = store.checkins(runner.id);
    if (!checkins.ok()) return checkins.error();
    for (const auto& c : checkins.value()) {
        auto day = protocol::parse_day(c.date);
        if (!day) continue;
        h.check_ins.push_back({*day, c.pain_vs_baseline > 0, c.swelling, c.stiffness});
    }
    return h;
}

namespace {

std::string overrides_key(const store::Runner& runner) {
    return "overrides/" + std::to_string(runner.id);
}

nlohmann::json optional_json(const auto& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

template <class T>
std::optional<T> optional_from(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    return j[key].get<T>();
}

} // namespace

std::vector<protocol::ClinicianOverride> load_overrides(store::Store& store,
                                                        const store::Runner& runner) {
    std::vector<protocol::ClinicianOverride> out;
    auto text = store.setting(overrides_key(runner));
    if (!text.ok() || !text.value()) return out;
    auto list = nlohmann::json::parse(*text.value(), nullptr, false);
    if (!list.is_array()) return out;
    for (const auto& j : list) {
        protocol::ClinicianOverride o;
        o.date = j.value("date", 0);
        o.clinician = j.value("clinician", "");
        o.reason = j.value("reason", "");
        o.pain_threshold = optional_from<double>(j, "pain_threshold");
        o.speed_kmh = optional_from<double>(j, "speed_kmh");
        o.run_cap_s = optional_from<int>(j, "run_cap_s");
        o.walk_run_phase = optional_from<int>(j, "walk_run_phase");
        o.runs_per_week = optional_from<int>(j, "runs_per_week");
        out.push_back(o);
    }
    return out;
}

store::Status save_override(store::Store& store, const store::Runner& runner,
                            const protocol::ClinicianOverride& o) {
    nlohmann::json list = nlohmann::json::array();
    if (auto text = store.setting(overrides_key(runner)); text.ok() && text.value()) {
        auto parsed = nlohmann::json::parse(*text.value(), nullptr, false);
        if (parsed.is_array()) list = parsed;
    }
    list.push_back({{"date", o.date},
                    {"clinician", o.clinician},
                    {"reason", o.reason},
                    {"pain_threshold", optional_json(o.pain_threshold)},
                    {"speed_kmh", optional_json(o.speed_kmh)},
                    {"run_cap_s", optional_json(o.run_cap_s)},
                    {"walk_run_phase", optional_json(o.walk_run_phase)},
                    {"runs_per_week", optional_json(o.runs_per_week)}});
    return store.set_setting(overrides_key(runner), list.dump());
}

std::variant<protocol::Profile, PlanError> runner_profile(const std::string& profiles_dir,
                                                          const store::Runner& runner) {
    const std::string name = runner.profile_name.empty() ? "pain-free-limit" : runner.profile_name;
    try {
        return protocol::load_named_profile(profiles_dir, name);
    } catch (const std::exception& e) {
        return PlanError{e.what()};
    }
}

} // namespace tg::service
