#pragma once

#include "controller/protocol/profile_loader.hpp"
#include "controller/protocol/runner_history.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace tg::protocol::testing {

inline std::filesystem::path profiles_dir() {
    const char* source = std::getenv("TG_SOURCE_DIR");
    if (source == nullptr) throw std::runtime_error("TG_SOURCE_DIR is not set (run through ctest)");
    return std::filesystem::path(source) / "profiles";
}

inline Profile repo_profile(const std::string& name) {
    return load_named_profile(profiles_dir(), name);
}

// A recreational runner back from runner's knee: 10 km/h for 30 min, 4 times a week.
inline Runner test_runner(const std::string& profile = "pain-free-limit") {
    Runner runner;
    runner.id = "r1";
    runner.body_mass_kg = 68.0;
    runner.target_speed_kmh = 10.0;
    runner.target_run_s = 1800;
    runner.target_runs_per_week = 4;
    runner.preferred_cadence_spm = 164.0;
    runner.profile = profile;
    return runner;
}

// 2026-03-02, a Monday.
inline constexpr Day start_day = 20514;

} // namespace tg::protocol::testing
