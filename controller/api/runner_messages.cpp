#include "controller/api/runner_messages.hpp"

namespace tg::api {

void to_json(json& j, const Runner& v) {
    j = {{"id", v.id},
         {"name", v.name},
         {"mass_kg", v.mass_kg},
         {"preferred_cadence_spm", or_null(v.preferred_cadence_spm)},
         {"injury_side", v.injury_side},
         {"notes", v.notes},
         {"target_speed_kmh", v.target_speed_kmh},
         {"target_duration_min", v.target_duration_min},
         {"runs_per_week", v.runs_per_week},
         {"profile", v.profile},
         {"metronome_muted", v.metronome_muted}};
}

void from_json(const json& j, Runner& v) {
    v.id = required<std::int64_t>(j, "id");
    v.name = required<std::string>(j, "name");
    v.mass_kg = required<double>(j, "mass_kg");
    v.preferred_cadence_spm = nullable<double>(j, "preferred_cadence_spm");
    v.injury_side = required<std::string>(j, "injury_side");
    v.notes = required<std::string>(j, "notes");
    v.target_speed_kmh = required<double>(j, "target_speed_kmh");
    v.target_duration_min = required<double>(j, "target_duration_min");
    v.runs_per_week = required<std::int64_t>(j, "runs_per_week");
    v.profile = required<std::string>(j, "profile");
    v.metronome_muted = required<bool>(j, "metronome_muted");
}

} // namespace tg::api
