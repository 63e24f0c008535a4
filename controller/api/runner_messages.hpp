#pragma once
// A runner as the API shows it (runners.list, runners.add, runner.select, history).
#include "controller/api/json_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tg::api {

struct Runner {
    std::int64_t id = 0;
    std::string name;
    double mass_kg = 0;
    std::optional<double> preferred_cadence_spm; // null: not known yet
    std::string injury_side = "none";            // "left", "right", "both", "none"
    std::string notes;
    double target_speed_kmh = 0;
    double target_duration_min = 0;
    std::int64_t runs_per_week = 0;
    std::string profile;
    bool metronome_muted = false; // a clinician's mute; the runner's volume cannot undo it
};

void to_json(json& j, const Runner& v);
void from_json(const json& j, Runner& v);

} // namespace tg::api
