#include "controller/service/api_reply_builders.hpp"

#include "controller/api/api_envelope.hpp"
#include "controller/api/runner_messages.hpp"

namespace tg::service {

using json = nlohmann::json;

json error_reply(std::string_view code, const std::string& message) {
    return api::error_body(code, message);
}

json store_error(const store::Error& e) {
    switch (e.code) {
    case store::ErrorCode::not_found:
        return error_reply("not_found", e.message);
    case store::ErrorCode::invalid_argument: // the store refused the value (e.g. a date)
        return error_reply("bad_request", e.message);
    default:
        return error_reply("store", e.message);
    }
}

json runner_json(const store::Runner& r) {
    api::Runner out;
    out.id = r.id;
    out.name = r.name;
    out.mass_kg = r.body_mass_kg;
    if (r.preferred_cadence_spm > 0) out.preferred_cadence_spm = r.preferred_cadence_spm;
    out.injury_side = store::injury_side_name(r.injury_side);
    out.notes = r.injury_notes;
    out.target_speed_kmh = r.target_speed_kmh;
    out.target_duration_min = r.target_duration_min;
    out.runs_per_week = r.target_runs_per_week;
    out.profile = r.profile_name.empty() ? "pain-free-limit" : r.profile_name;
    out.metronome_muted = r.metronome_muted;
    return out;
}

} // namespace tg::service
