#pragma once
// Shared by the store tests: a scratch directory removed at scope exit, and
// plausible records to write.

#include "controller/store/records.hpp"
#include "controller/store/store.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>

namespace tg::store::testing {

class ScratchDir {
public:
    ScratchDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "tg-store-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path db() const { return path_ / "treadguard.db"; }

private:
    std::filesystem::path path_;
};

inline Runner sample_runner(std::string name = "Ana Lopez") {
    Runner r;
    r.name = std::move(name);
    r.body_mass_kg = 62.5;
    r.preferred_cadence_spm = 164.0;
    r.injury_side = InjurySide::left;
    r.injury_notes = "patellofemoral pain, left knee";
    r.target_speed_kmh = 10.0;
    r.target_duration_min = 30.0;
    r.target_runs_per_week = 3;
    r.profile_name = "pfp-return-to-run";
    return r;
}

// 1 March 2025 09:30:00 UTC.
inline constexpr std::int64_t sample_start_ms = 1740821400000;

inline SessionStart sample_start(RowId runner_id) {
    return SessionStart{runner_id, sample_start_ms, "pfp-return-to-run", {9.5, 1200.0, 2}};
}

inline StepRecord sample_step(std::int64_t seq) {
    StepRecord s;
    s.seq = seq;
    s.t_s = 0.36 * static_cast<double>(seq);
    s.side = seq % 2 == 0 ? StepSide::left : StepSide::right;
    const double contact_s = s.side == StepSide::left ? 0.25 : 0.23;
    s.step_time_s = 0.36;
    s.contact_time_s = contact_s;
    s.flight_time_s = 0.36 - contact_s;
    s.peak_force_n = 1500.0 + static_cast<double>(seq);
    s.peak_force_bw = s.peak_force_n / (62.5 * 9.80665);
    if (seq % 4 != 3) s.impact_peak_bw = 1.5 + 0.01 * static_cast<double>(seq % 10);
    const double valr = 50.0 + static_cast<double>(seq % 30);
    s.valr_bw_s = valr;
    s.vilr_bw_s = valr + 12.5;
    s.cadence_spm = 166.7;
    return s;
}

// Opens (or fails the test) and returns the store.
inline Store open_store(const std::filesystem::path& path) {
    auto store = Store::open(path);
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? std::string() : store.error().message));
    return std::move(store).value();
}

// A fresh store with one runner and one running session.
struct StoreWithSession {
    ScratchDir dir;
    Store store = open_store(dir.db());
    RowId runner = store.add_runner(sample_runner()).value();
    RowId session = store.begin_session(sample_start(runner)).value();
};

} // namespace tg::store::testing
