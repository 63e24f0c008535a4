#include "controller/protocol/clinician_override.hpp"

#include "controller/protocol/duration_text.hpp"

#include <algorithm>
#include <cmath>

namespace tg::protocol {
namespace {

void check_range(std::vector<std::string>& problems, const char* what, double value, double min,
                 double max, const char* unit) {
    if (!std::isfinite(value) || value < min || value > max)
        problems.push_back(std::string(what) + " " + one_decimal(value) + unit + " is outside " +
                           one_decimal(min) + unit + " .. " + one_decimal(max) + unit);
}

void check_step(std::vector<std::string>& problems, const ClinicianOverride& change,
                const Profile& profile, const Runner& runner) {
    if (profile.walk_run) {
        if (change.speed_kmh || change.run_cap_s)
            problems.push_back(
                "a walk-run profile sets its step by walk_run_phase, not speed or run cap");
        if (change.walk_run_phase)
            check_range(problems, "walk-run phase", *change.walk_run_phase, 1,
                        static_cast<double>(profile.walk_run->phases.size()), "");
        return;
    }
    if (change.walk_run_phase)
        problems.push_back("walk_run_phase only applies to walk-run profiles");
    if (change.speed_kmh)
        check_range(problems, "speed", *change.speed_kmh,
                    std::min(profile.limit->min_run_speed_kmh, runner.target_speed_kmh),
                    runner.target_speed_kmh, " km/h");
    if (change.run_cap_s)
        check_range(problems, "run cap (s)", *change.run_cap_s,
                    std::min(profile.limit->min_run_s, runner.target_run_s), runner.target_run_s,
                    "");
}

} // namespace

std::vector<std::string> validate_override(const ClinicianOverride& change, const Profile& profile,
                                           const Runner& runner) {
    std::vector<std::string> problems;
    if (change.clinician.empty()) problems.push_back("the clinician must be named");
    if (change.reason.empty()) problems.push_back("an override needs a reason");
    if (!change.pain_threshold && !change.speed_kmh && !change.run_cap_s &&
        !change.walk_run_phase && !change.runs_per_week)
        problems.push_back("the override changes nothing");
    if (change.pain_threshold)
        check_range(problems, "pain threshold", *change.pain_threshold, 0.0,
                    std::min(profile.pain.max_threshold, hard_max_pain_threshold), "/10");
    if (change.runs_per_week)
        check_range(problems, "runs per week", *change.runs_per_week, 1,
                    std::clamp(runner.target_runs_per_week, 1, 7), "");
    check_step(problems, change, profile, runner);
    return problems;
}

} // namespace tg::protocol
