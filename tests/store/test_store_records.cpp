// Round trips of every record kind through a real database file.
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <doctest/doctest.h>
#include <vector>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

std::vector<StepRecord> sample_steps(std::int64_t first, std::int64_t count) {
    std::vector<StepRecord> steps;
    for (std::int64_t seq = first; seq < first + count; ++seq)
        steps.push_back(sample_step(seq));
    return steps;
}

void check_same_step(const StepRecord& a, const StepRecord& b) {
    CHECK(a.seq == b.seq);
    CHECK(a.t_s == b.t_s);
    CHECK(a.side == b.side);
    CHECK(a.step_time_s == b.step_time_s);
    CHECK(a.contact_time_s == b.contact_time_s);
    CHECK(a.flight_time_s == b.flight_time_s);
    CHECK(a.peak_force_n == b.peak_force_n);
    CHECK(a.peak_force_bw == b.peak_force_bw);
    CHECK(a.impact_peak_bw == b.impact_peak_bw);
    CHECK(a.valr_bw_s == b.valr_bw_s);
    CHECK(a.vilr_bw_s == b.vilr_bw_s);
    CHECK(a.cadence_spm == b.cadence_spm);
}

} // namespace

TEST_CASE("runners: add, find by name, list by name, update, unique names") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    auto ana = store.add_runner(sample_runner("Ana"));
    REQUIRE(ana.ok());
    REQUIRE(store.add_runner(sample_runner("Ben")).ok());

    auto found = store.find_runner("Ana");
    REQUIRE(found.ok());
    CHECK(found->id == ana.value());
    CHECK(found->body_mass_kg == 62.5);
    CHECK(found->preferred_cadence_spm == 164.0);
    CHECK(found->injury_side == InjurySide::left);
    CHECK(found->injury_notes == "patellofemoral pain, left knee");
    CHECK(found->target_speed_kmh == 10.0);
    CHECK(found->target_duration_min == 30.0);
    CHECK(found->target_runs_per_week == 3);
    CHECK(found->profile_name == "pfp-return-to-run");

    auto duplicate = store.add_runner(sample_runner("Ana"));
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().code == ErrorCode::already_exists);
    CHECK(duplicate.error().message == "a runner named 'Ana' already exists");

    Runner changed = found.value();
    changed.profile_name = "pfp-slow";
    changed.injury_side = InjurySide::both;
    REQUIRE(store.update_runner(changed).ok());
    CHECK(store.runner(ana.value())->profile_name == "pfp-slow");
    CHECK(store.runner(ana.value())->injury_side == InjurySide::both);

    changed.name = "Ben";
    CHECK(store.update_runner(changed).error().code == ErrorCode::already_exists);

    auto all = store.list_runners();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).name == "Ana");
    CHECK(all->at(1).name == "Ben");

    auto nobody = store.find_runner("Zoe");
    REQUIRE_FALSE(nobody.ok());
    CHECK(nobody.error().code == ErrorCode::not_found);
    Runner ghost = sample_runner("Ghost");
    ghost.id = 999;
    CHECK(store.update_runner(ghost).error().code == ErrorCode::not_found);
}

TEST_CASE("plans: one per runner and day, JSON phases and reasons kept") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    PlanDay plan;
    plan.runner_id = runner;
    plan.date = "2025-03-02";
    plan.phases = nlohmann::json::parse(
        R"([{"kind":"warmup","speed_kmh":5.0,"duration_s":300},{"kind":"run","speed_kmh":8.5,"duration_s":600}])");
    plan.reasons = nlohmann::json::array({"2 symptom-free sessions at step 3", "rest day taken"});
    REQUIRE(store.set_plan(plan).ok());

    auto read = store.plan(runner, "2025-03-02");
    REQUIRE(read.ok());
    CHECK(read->phases == plan.phases);
    CHECK(read->reasons == plan.reasons);

    plan.phases = nlohmann::json::array({{{"kind", "rest"}}});
    REQUIRE(store.set_plan(plan).ok());
    plan.date = "2025-03-01";
    REQUIRE(store.set_plan(plan).ok());
    auto all = store.plans(runner);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).date == "2025-03-01");
    CHECK(all->at(1).phases[0]["kind"] == "rest");

    CHECK(store.plan(runner, "2025-04-01").error().code == ErrorCode::not_found);
}

TEST_CASE("a session: begin, steps, pain, alarms, end with counted totals") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    auto session = store.begin_session(sample_start(runner));
    REQUIRE(session.ok());
    const RowId id = session.value();

    auto running = store.session(id);
    REQUIRE(running.ok());
    CHECK(running->start_utc == "2025-03-01T09:30:00.000Z");
    CHECK_FALSE(running->end_unix_ms.has_value());
    CHECK(running->caps.speed_kmh == 9.5);
    CHECK(running->caps.duration_s == 1200.0);
    CHECK(running->caps.pain_stop_threshold == 2);

    const auto first = sample_steps(0, 25);
    const auto second = sample_steps(25, 25);
    REQUIRE(store.append_steps(id, first).ok());
    REQUIRE(store.append_steps(id, second).ok());
    REQUIRE(store.add_pain_report({id, 120.0, 1}).ok());
    REQUIRE(store.add_pain_report({id, 610.5, 3}).ok());
    REQUIRE(
        store.add_alarm({id, 300.0, "valr_high", AlarmSeverity::advisory, "VALR 71 BW/s"}).ok());

    SessionEnd end;
    end.end_unix_ms = sample_start_ms + 611'000;
    end.end_reason = EndReason::pain;
    end.pain_free_limit_s = 610.5;
    end.pain_free_limit_kmh = 8.5;
    end.distance_m = 1380.0;
    end.run_time_s = 600.0;
    REQUIRE(store.end_session(id, end).ok());

    auto ended = store.session(id);
    REQUIRE(ended.ok());
    CHECK(ended->end_utc == std::optional<std::string>("2025-03-01T09:40:11.000Z"));
    CHECK(ended->end_reason == std::optional<std::string>("pain"));
    CHECK(ended->pain_free_limit_s == std::optional<double>(610.5));
    CHECK(ended->pain_free_limit_kmh == std::optional<double>(8.5));
    CHECK(ended->max_pain == std::optional<int>(3));
    CHECK(ended->totals.step_count == 50);
    CHECK(ended->totals.distance_m == 1380.0);
    CHECK(ended->totals.run_time_s == 600.0);

    auto steps = store.steps(id);
    REQUIRE(steps.ok());
    REQUIRE(steps->size() == 50);
    for (std::size_t i = 0; i < 25; ++i)
        check_same_step(steps->at(i), first[i]);
    CHECK_FALSE(steps->at(3).impact_peak_bw.has_value());

    // An ended session takes no more steps or pain reports, and cannot end twice.
    CHECK(store.append_steps(id, sample_steps(50, 1)).error().code == ErrorCode::conflict);
    CHECK(store.add_pain_report({id, 700.0, 2}).error().code == ErrorCode::conflict);
    CHECK(store.end_session(id, end).error().code == ErrorCode::conflict);
    // A fault raised during the stop may still be logged.
    CHECK(store.add_alarm({id, 612.0, "link_loss", AlarmSeverity::fault, "late"}).ok());
}

TEST_CASE("a session without pain reports has no max pain") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    const RowId id = store.begin_session(sample_start(runner)).value();
    REQUIRE(store
                .end_session(
                    id, {sample_start_ms + 1000, EndReason::operator_stop, {}, {}, {}, {}, 0.0})
                .ok());
    CHECK_FALSE(store.session(id)->max_pain.has_value());
    CHECK(store.session(id)->totals.step_count == 0);
}

TEST_CASE("a batch with a repeated seq is refused as a whole") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    const RowId id = store.begin_session(sample_start(runner)).value();
    REQUIRE(store.append_steps(id, sample_steps(0, 10)).ok());
    auto overlapping = sample_steps(8, 5); // seq 8, 9 already stored
    auto status = store.append_steps(id, overlapping);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::already_exists);
    CHECK(status.error().message.find("step seq 8") != std::string::npos);
    CHECK(store.steps(id)->size() == 10); // seq 10..12 were rolled back with the batch
}

TEST_CASE("sessions are listed per runner in start order") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId ana = store.add_runner(sample_runner("Ana")).value();
    const RowId ben = store.add_runner(sample_runner("Ben")).value();
    SessionStart later = sample_start(ana);
    later.start_unix_ms += 86'400'000;
    const RowId second = store.begin_session(later).value();
    const RowId first = store.begin_session(sample_start(ana)).value();
    REQUIRE(store.begin_session(sample_start(ben)).ok());
    auto sessions = store.list_sessions(ana);
    REQUIRE(sessions.ok());
    REQUIRE(sessions->size() == 2);
    CHECK(sessions->at(0).id == first);
    CHECK(sessions->at(1).id == second);
    CHECK(sessions->at(1).start_utc == "2025-03-02T09:30:00.000Z");
}

TEST_CASE("session summary: per-side means, cadence, symmetry, pain and alarms") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    const RowId id = store.begin_session(sample_start(runner)).value();
    REQUIRE(store.append_steps(id, sample_steps(0, 40)).ok());
    REQUIRE(store.add_pain_report({id, 60.0, 2}).ok());
    REQUIRE(store.add_alarm({id, 30.0, "valr_high", AlarmSeverity::advisory, "VALR high"}).ok());

    auto summary = store.session_summary(id);
    REQUIRE(summary.ok());
    CHECK(summary->runner_name == "Ana Lopez");
    CHECK(summary->step_count == 40);
    CHECK(summary->left.steps == 20);
    CHECK(summary->right.steps == 20);
    CHECK(summary->left.mean_contact_time_s.value() == doctest::Approx(0.25));
    CHECK(summary->right.mean_contact_time_s.value() == doctest::Approx(0.23));
    CHECK(summary->mean_cadence_spm.value() == doctest::Approx(166.7));
    CHECK(summary->max_valr_bw_s.value() == doctest::Approx(79.0)); // 50 + 29
    // |0.25 - 0.23| / 0.24 = 8.33 %
    REQUIRE(summary->contact_time_symmetry_pct.has_value());
    CHECK(*summary->contact_time_symmetry_pct == doctest::Approx(100.0 * 0.02 / 0.24));
    REQUIRE(summary->pain_reports.size() == 1);
    CHECK(summary->pain_reports[0].pain == 2);
    REQUIRE(summary->alarms.size() == 1);
    CHECK(summary->alarms[0].severity == AlarmSeverity::advisory);
}

TEST_CASE("check-ins: one per runner and day, later one replaces, listed by date") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    const RowId runner = store.add_runner(sample_runner()).value();
    REQUIRE(store.add_checkin({runner, "2025-03-02", 0, false, false, "fine"}).ok());
    REQUIRE(store.add_checkin({runner, "2025-03-01", 2, true, false, "sore"}).ok());
    REQUIRE(store.add_checkin({runner, "2025-03-02", 1, false, true, "stiff after all"}).ok());
    auto list = store.checkins(runner);
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    CHECK(list->at(0).date == "2025-03-01");
    CHECK(list->at(0).swelling);
    CHECK(list->at(0).pain_vs_baseline == 2);
    CHECK(list->at(1).pain_vs_baseline == 1);
    CHECK(list->at(1).stiffness);
    CHECK_FALSE(list->at(1).swelling);
    CHECK(list->at(1).notes == "stiff after all");
}

TEST_CASE("audit log: append, read oldest first, newest N") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    for (int i = 0; i < 5; ++i) {
        AuditEntry e{0,
                     "clinician",
                     sample_start_ms + i * 1000,
                     "",
                     "speed_cap_kmh",
                     std::to_string(8 + i),
                     std::to_string(9 + i),
                     "symptom-free week"};
        REQUIRE(store.append_audit(e).ok());
    }
    auto all = store.audit_log();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 5);
    CHECK(all->front().old_value == "8");
    CHECK(all->front().when_utc == "2025-03-01T09:30:00.000Z");
    CHECK(all->back().new_value == "13");
    auto newest = store.audit_log(2);
    REQUIRE(newest.ok());
    REQUIRE(newest->size() == 2);
    CHECK(newest->at(0).old_value == "11");
    CHECK(newest->at(1).old_value == "12");
}

TEST_CASE("settings: missing, set, overwrite") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    CHECK_FALSE(store.setting("units").value().has_value());
    REQUIRE(store.set_setting("units", "metric").ok());
    REQUIRE(store.set_setting("units", "si").ok());
    CHECK(store.setting("units").value() == std::optional<std::string>("si"));
}

TEST_CASE("records survive closing and reopening the database") {
    ScratchDir dir;
    RowId session = 0;
    {
        Store store = open_store(dir.db());
        const RowId runner = store.add_runner(sample_runner()).value();
        session = store.begin_session(sample_start(runner)).value();
        REQUIRE(store.append_steps(session, sample_steps(0, 30)).ok());
    }
    Store reopened = open_store(dir.db());
    CHECK(reopened.steps(session)->size() == 30);
    CHECK(reopened.find_runner("Ana Lopez").ok());
    CHECK(reopened.connection().query_text("PRAGMA journal_mode").value() == "wal");
    CHECK(reopened.connection().query_int("PRAGMA synchronous").value() == 1); // NORMAL
    CHECK(reopened.connection().query_int("PRAGMA foreign_keys").value() == 1);
}

TEST_CASE("a step whose foot could not be told is stored as side 'unknown', not guessed") {
    tg::store::testing::ScratchDir dir;
    auto opened = tg::store::Store::open(dir.db());
    REQUIRE(opened.ok());
    auto& store = opened.value();
    auto runner = store.add_runner(tg::store::testing::sample_runner());
    REQUIRE(runner.ok());
    tg::store::SessionStart start;
    start.runner_id = runner.value();
    start.start_unix_ms = 1'700'000'000'000;
    start.profile_name = "pain-free-limit";
    start.caps = {8.0, 900.0, 2};
    auto session = store.begin_session(start);
    REQUIRE(session.ok());
    tg::store::StepRecord step;
    step.seq = 1;
    step.t_s = 1.0;
    step.side = tg::store::StepSide::unknown;
    step.step_time_s = 0.37;
    step.contact_time_s = 0.24;
    step.peak_force_n = 1500;
    step.peak_force_bw = 2.4;
    step.cadence_spm = 162;
    REQUIRE(store.append_steps(session.value(), std::span(&step, 1)).ok());
    auto steps = store.steps(session.value());
    REQUIRE(steps.ok());
    REQUIRE(steps->size() == 1);
    CHECK(steps->front().side == tg::store::StepSide::unknown);
    auto summary = store.session_summary(session.value());
    REQUIRE(summary.ok());
    CHECK(summary->step_count == 1);
    CHECK(summary->left.steps == 0);
    CHECK(summary->right.steps == 0);
}
