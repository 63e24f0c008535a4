#pragma once

#include "controller/protocol/day_number.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tg::protocol {

// Who runs, and the pre-injury level the plan leads back to.
struct Runner {
    std::string id;
    double body_mass_kg = 70.0;
    double target_speed_kmh = 10.0; // pre-injury easy running speed
    int target_run_s = 1800;        // pre-injury run duration
    int target_runs_per_week = 3;
    std::optional<double> preferred_cadence_spm;
    std::string profile;          // name of the assigned profile, e.g. "pain-free-limit"
    bool metronome_muted = false; // a clinician's per-runner mute, carried into the plan
};

// Why the running part of a session ended.
enum class EndReason {
    duration_cap, // the plan's cap was reached: the runner could have gone on
    limit_coming, // the runner signalled that the pain-free limit was near
    pain,         // pain went above the threshold
    stopped,      // anything else (stop button, fault, runner left): says nothing about the knee
};

struct SessionRecord {
    Day date = 0;
    int run_s = 0;          // time spent running (run intervals only for walk-run), the real
                            // time on every end (a stop or fault counts what was run)
    double speed_kmh = 0.0; // speed reached in the run phase
    // Belt distance of the running part when the record has it; else run_s x speed_kmh.
    std::optional<double> run_distance_m;
    int pain_free_limit_s = 0; // run time when the run phase ended (today's limit)
    EndReason end_reason = EndReason::stopped;
    double max_pain = 0.0; // 0–10 during the session
    std::optional<double> cadence_spm;
    std::optional<double> avg_loading_rate_bw_per_s;
};

struct PainReport {
    Day date = 0;
    double pain = 0.0; // 0–10
};

// The next-morning check-in refers to the most recent session before it.
struct CheckIn {
    Day date = 0;
    bool pain_above_baseline = false;
    bool swelling = false;
    bool stiffness = false;

    bool symptomatic() const { return pain_above_baseline || swelling || stiffness; }
};

// A clinician's decision, in force from its date on. Validate with validate_override()
// before storing it; the caller writes it to the audit log.
struct ClinicianOverride {
    Day date = 0;
    std::string clinician;
    std::string reason;
    std::optional<double> pain_threshold;
    std::optional<double> speed_kmh;
    std::optional<int> run_cap_s;
    std::optional<int> walk_run_phase; // 1-based, walk-run profiles only
    std::optional<int> runs_per_week;
};

// A clinician's "reviewed, planning may go on" after an escalation, in force from its date.
// The caller writes it to the audit log and stores it (store: clinician_clearances).
struct ClinicianClearance {
    Day date = 0;
    std::string clinician;
    std::string reason;
};

struct History {
    std::vector<SessionRecord> sessions;
    std::vector<PainReport> pain_reports;
    std::vector<CheckIn> check_ins;
    std::vector<ClinicianOverride> overrides;
    std::vector<ClinicianClearance> clearances;
    // Entry checks whose latest recorded answer passed them (store: entry_checks).
    std::vector<std::string> entry_checks_passed;
    // A clinician asked to measure the cadence baseline again from this day's first
    // session with running steps (the earlier anchor no longer applies).
    std::optional<Day> cadence_remeasure_from;
};

const char* to_string(EndReason reason);

} // namespace tg::protocol
