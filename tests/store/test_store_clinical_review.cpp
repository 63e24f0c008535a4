// Migration 7 and its records: clinician clearances of escalations, entry-check answers, and
// check-ins limited to the clinic's today or yesterday.
#include "controller/store/schema_migrations.hpp"
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <doctest/doctest.h>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

CheckIn check_in_on(RowId runner, const char* date) {
    CheckIn c;
    c.runner_id = runner;
    c.date = date;
    c.pain_vs_baseline = 1;
    return c;
}

} // namespace

TEST_CASE("migration 7 adds clearances and entry checks to a version-6 database") {
    ScratchDir dir;
    {
        auto db = sqlite::Connection::open(dir.db());
        REQUIRE(db.ok());
        const auto steps = schema_migrations();
        REQUIRE(steps.size() >= 7);
        CHECK(steps[6].version == 7);
        REQUIRE(migrate(db.value(), steps.first(6)).ok());
        CHECK(schema_version(db.value()).value() == 6);
        CHECK(db.value()
                  .exec("INSERT INTO runners (name, body_mass_kg, preferred_cadence_spm, "
                        "injury_side, injury_notes, target_speed_kmh, target_duration_min, "
                        "target_runs_per_week, profile_name) VALUES ('Old Runner', 70, 0, "
                        "'none', '', 10, 30, 3, 'pain-free-limit')")
                  .ok());
    }
    Store store = open_store(dir.db());
    CHECK(schema_version(store.connection()).value() >= 7);
    auto runner = store.find_runner("Old Runner");
    REQUIRE(runner.ok());
    ClinicianClearance clearance{0,          runner->id, "2026-03-02",
                                 "dr. Ruiz", "examined", 1772400000000};
    CHECK(store.add_clearance(clearance).ok());
    CHECK(store.clearances(runner->id).value().size() == 1);
}

TEST_CASE("clearances are stored with who and why, and refused without them") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    ClinicianClearance clearance{
        0, runner, "2026-03-02", "dr. Ruiz", "pain settled, examined", 1772400000000};
    REQUIRE(store.add_clearance(clearance).ok());
    const auto stored = store.clearances(runner).value();
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].clinician == "dr. Ruiz");
    CHECK(stored[0].reason == "pain settled, examined");
    CHECK(stored[0].date == "2026-03-02");

    ClinicianClearance no_reason = clearance;
    no_reason.reason.clear();
    const auto refused = store.add_clearance(no_reason);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("reason") != std::string::npos);
    ClinicianClearance bad_date = clearance;
    bad_date.date = "2026-02-30";
    CHECK_FALSE(store.add_clearance(bad_date).ok());
    ClinicianClearance no_runner = clearance;
    no_runner.runner_id = runner + 100;
    CHECK_FALSE(store.add_clearance(no_runner).ok());
}

TEST_CASE("entry checks are recorded per runner") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    REQUIRE(store
                .add_entry_check(
                    {0, runner, "2026-03-02", "pain_at_rest", true, "Ana", "1/10", 1772400000000})
                .ok());
    REQUIRE(store
                .add_entry_check({0, runner, "2026-03-02", "cleared_to_run", false, "dr. Ruiz", "",
                                  1772400001000})
                .ok());
    const auto answers = store.entry_checks(runner).value();
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].check_id == "pain_at_rest");
    CHECK(answers[0].passed);
    CHECK_FALSE(answers[1].passed);
    CHECK_FALSE(
        store.add_entry_check({0, runner, "2026-03-02", "", true, "Ana", "", 1772400000000}).ok());
}

TEST_CASE("a check-in is for the clinic's today or yesterday, never the future") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    CHECK(store.add_checkin_for(check_in_on(runner, "2026-03-01"), "2026-03-01").ok());
    CHECK(store.add_checkin_for(check_in_on(runner, "2026-02-28"), "2026-03-01").ok());
    const auto future = store.add_checkin_for(check_in_on(runner, "2026-03-02"), "2026-03-01");
    REQUIRE_FALSE(future.ok());
    CHECK(future.error().message.find("neither today") != std::string::npos);
    CHECK_FALSE(store.add_checkin_for(check_in_on(runner, "2026-02-27"), "2026-03-01").ok());
    CHECK(store.add_checkin_for(check_in_on(runner, "2024-02-29"), "2024-03-01").ok()); // leap
    CHECK(store.add_checkin_for(check_in_on(runner, "2025-12-31"), "2026-01-01").ok());
    CHECK_FALSE(store.add_checkin_for(check_in_on(runner, "2026-03-01"), "yesterday").ok());
    CHECK(store.checkins(runner).value().size() == 4);
}

TEST_CASE("the running summary leaves walking steps out of cadence and loading rate") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    const RowId session = store.begin_session(sample_start(runner)).value();
    std::vector<StepRecord> steps;
    for (int i = 0; i < 20; ++i) {
        StepRecord step = sample_step(i);
        const bool walking = i < 8;
        step.flight_time_s = walking ? -0.1 : 0.08; // walking contacts overlap
        step.cadence_spm = walking ? 110.0 : 166.0;
        step.valr_bw_s = walking ? std::optional<double>() : std::optional<double>(70.0);
        steps.push_back(step);
    }
    REQUIRE(store.append_steps(session, steps).ok());
    const auto running = store.running_summary(session);
    REQUIRE(running.ok());
    CHECK(running->running_steps == 12);
    CHECK(running->mean_cadence_spm == doctest::Approx(166.0));
    CHECK(running->mean_valr_bw_s == doctest::Approx(70.0));
    // The whole-session mean mixes the walk in: the plan must not use it as the baseline.
    CHECK(store.session_summary(session)->mean_cadence_spm.value() < 150.0);
    CHECK_FALSE(store.running_summary(session + 100).ok());
}

TEST_CASE("migration 9: the run distance and the metronome mute, on an old database too") {
    ScratchDir dir;
    {
        auto db = sqlite::Connection::open(dir.db());
        REQUIRE(db.ok());
        const auto steps = schema_migrations();
        REQUIRE(steps.size() >= 9);
        CHECK(steps[8].version == 9);
        REQUIRE(migrate(db.value(), steps.first(8)).ok());
        CHECK(db.value()
                  .exec("INSERT INTO runners (name, body_mass_kg, preferred_cadence_spm, "
                        "injury_side, injury_notes, target_speed_kmh, target_duration_min, "
                        "target_runs_per_week, profile_name) VALUES ('Old Runner', 70, 0, "
                        "'none', '', 10, 30, 3, 'pain-free-limit')")
                  .ok());
    }
    Store store = open_store(dir.db());
    auto runner = store.find_runner("Old Runner");
    REQUIRE(runner.ok());
    CHECK_FALSE(runner->metronome_muted); // the default for runners from before
    auto muted = runner.value();
    muted.metronome_muted = true;
    REQUIRE(store.update_runner(muted).ok());
    CHECK(store.find_runner("Old Runner")->metronome_muted);

    SessionStart start;
    start.runner_id = runner->id;
    start.start_unix_ms = 1772400000000;
    start.profile_name = "pain-free-limit";
    start.caps = {10, 1800, 2};
    const RowId session = store.begin_session(start).value();
    SessionEnd end;
    end.end_unix_ms = start.start_unix_ms + 600000;
    end.end_reason = EndReason::duration_cap;
    end.distance_m = 1500;
    end.run_time_s = 300;
    end.run_distance_m = 750;
    REQUIRE(store.end_session(session, end).ok());
    const auto stored = store.session(session).value();
    REQUIRE(stored.totals.run_distance_m);
    CHECK(*stored.totals.run_distance_m == doctest::Approx(750));
    CHECK(*stored.totals.distance_m == doctest::Approx(1500));
    end.run_distance_m = -1;
    CHECK_FALSE(store.end_session(store.begin_session(start).value(), end).ok());
}
