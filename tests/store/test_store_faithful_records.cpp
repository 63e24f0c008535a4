// Faithful records (issue 11 item 4) and interrupted sessions (issue 10 item 8):
// unmeasured metrics are NULL and left out of means, end reasons come from one list,
// distance and alarm code are kept, and sessions left open by a crash are closed
// from what they recorded.
#include "controller/store/end_reason.hpp"
#include "controller/store/schema_migrations.hpp"
#include "controller/store/session_export.hpp"
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <doctest/doctest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

// A walking step: the plate could not measure contact time or loading rates.
StepRecord walking_step(std::int64_t seq) {
    StepRecord s = sample_step(seq);
    s.contact_time_s.reset();
    s.flight_time_s.reset();
    s.valr_bw_s.reset();
    s.vilr_bw_s.reset();
    s.cadence_spm.reset();
    s.impact_peak_bw.reset();
    return s;
}

std::vector<std::string> csv_lines(Store& store, RowId session) {
    std::ostringstream out;
    REQUIRE(export_session_csv(store, session, out).ok());
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

sqlite::Connection raw_connection(const std::filesystem::path& path) {
    auto db = sqlite::Connection::open(path);
    REQUIRE(db.ok());
    return std::move(db).value();
}

} // namespace

TEST_CASE("unmeasured step metrics are stored NULL and read back empty") {
    StoreWithSession s;
    const std::vector<StepRecord> steps{walking_step(0)};
    REQUIRE(s.store.append_steps(s.session, steps).ok());
    auto back = s.store.steps(s.session);
    REQUIRE(back.ok());
    REQUIRE(back->size() == 1);
    CHECK_FALSE(back->front().contact_time_s.has_value());
    CHECK_FALSE(back->front().valr_bw_s.has_value());
    CHECK_FALSE(back->front().cadence_spm.has_value());
    CHECK(back->front().step_time_s == 0.36);
    CHECK(s.store.connection()
              .query_int("SELECT count(*) FROM steps WHERE contact_time_s IS NULL AND "
                         "valr_bw_s IS NULL AND vilr_bw_s IS NULL AND cadence_spm IS NULL")
              .value() == 1);
}

TEST_CASE("summary means skip unmeasured steps; nothing measured gives empty means") {
    StoreWithSession s;
    // Two measured running steps (left 0.25 s, right 0.23 s contact) and 20 walking steps.
    std::vector<StepRecord> steps{sample_step(0), sample_step(1)};
    for (std::int64_t seq = 2; seq < 22; ++seq)
        steps.push_back(walking_step(seq));
    REQUIRE(s.store.append_steps(s.session, steps).ok());
    auto summary = s.store.session_summary(s.session);
    REQUIRE(summary.ok());
    CHECK(summary->step_count == 22);
    CHECK(summary->left.mean_contact_time_s.value() == doctest::Approx(0.25));
    CHECK(summary->right.mean_contact_time_s.value() == doctest::Approx(0.23));
    CHECK(summary->left.mean_valr_bw_s.value() == doctest::Approx(50.0));
    CHECK(summary->mean_cadence_spm.value() == doctest::Approx(166.7));
    CHECK(summary->max_valr_bw_s.value() == doctest::Approx(51.0));

    StoreWithSession walk_only;
    const std::vector<StepRecord> walking{walking_step(0), walking_step(1)};
    REQUIRE(walk_only.store.append_steps(walk_only.session, walking).ok());
    auto empty = walk_only.store.session_summary(walk_only.session);
    REQUIRE(empty.ok());
    CHECK_FALSE(empty->mean_cadence_spm.has_value());
    CHECK_FALSE(empty->max_valr_bw_s.has_value());
    CHECK_FALSE(empty->left.mean_contact_time_s.has_value());
    CHECK_FALSE(empty->contact_time_symmetry_pct.has_value());
}

TEST_CASE("CSV export writes empty cells and JSON null for unmeasured metrics") {
    StoreWithSession s;
    const std::vector<StepRecord> steps{walking_step(0)};
    REQUIRE(s.store.append_steps(s.session, steps).ok());
    const auto lines = csv_lines(s.store, s.session);
    REQUIRE(lines.size() == 2);
    // seq,t_s,side,step_time,contact,flight,peak_n,peak_bw,impact,valr,vilr,cadence
    CHECK(lines[1].substr(0, 12) == "0,0,left,0.3");
    CHECK(lines[1].find(",,,") != std::string::npos);     // contact, flight empty
    CHECK(lines[1].substr(lines[1].size() - 3) == ",,,"); // impact, valr, vilr, cadence
    std::ostringstream json;
    REQUIRE(export_session_json(s.store, s.session, json).ok());
    const auto doc = nlohmann::json::parse(json.str());
    CHECK(doc["steps"]["mean_cadence_spm"].is_null());
    CHECK(doc["steps"]["left"]["mean_contact_time_s"].is_null());
}

TEST_CASE("end reasons: one list of text ids, unknown text refused with the known ones") {
    for (EndReason reason :
         {EndReason::limit_coming, EndReason::pain, EndReason::duration_cap, EndReason::completed,
          EndReason::operator_stop, EndReason::emergency_stop, EndReason::fault,
          EndReason::link_loss, EndReason::runner_off_belt, EndReason::client_lost,
          EndReason::interrupted}) {
        auto parsed = parse_end_reason(end_reason_name(reason));
        REQUIRE(parsed.ok());
        CHECK(parsed.value() == reason);
    }
    CHECK(std::string(end_reason_name(EndReason::emergency_stop)) == "emergency_stop");
    auto bad = parse_end_reason("stopped");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::invalid_argument);
    CHECK(bad.error().message.find("'stopped'") != std::string::npos);
    CHECK(bad.error().message.find("emergency_stop") != std::string::npos);
}

TEST_CASE("a session ended by a fault keeps its reason, alarm code and distance") {
    StoreWithSession s;
    SessionEnd end;
    end.end_unix_ms = sample_start_ms + 60'000;
    end.end_reason = EndReason::fault;
    end.alarm_code = "drive_fault";
    end.distance_m = 123.5;
    end.run_time_s = 55.0;
    REQUIRE(s.store.end_session(s.session, end).ok());
    auto ended = s.store.session(s.session);
    REQUIRE(ended.ok());
    CHECK(ended->end_reason == std::optional<std::string>("fault"));
    CHECK(ended->alarm_code == std::optional<std::string>("drive_fault"));
    CHECK(ended->totals.distance_m == std::optional<double>(123.5));
    CHECK(ended->totals.run_time_s == 55.0);

    StoreWithSession unknown_distance;
    SessionEnd stop;
    stop.end_unix_ms = sample_start_ms + 1000;
    stop.end_reason = EndReason::emergency_stop;
    REQUIRE(unknown_distance.store.end_session(unknown_distance.session, stop).ok());
    auto e = unknown_distance.store.session(unknown_distance.session);
    CHECK(e->end_reason == std::optional<std::string>("emergency_stop"));
    CHECK_FALSE(e->totals.distance_m.has_value());
    CHECK_FALSE(e->alarm_code.has_value());
}

TEST_CASE("an old database is migrated: NULL metrics, end reason ids, legacy text readable") {
    ScratchDir dir;
    {
        auto db = raw_connection(dir.db());
        REQUIRE(migrate(db, schema_migrations().first(3)).ok());
        REQUIRE(db.exec(R"sql(
INSERT INTO runners VALUES (1, 'Old', 70, 170, 'none', '', 9, 20, 2, 'pfp');
INSERT INTO sessions (id, runner_id, start_utc, start_unix_ms, end_utc, end_unix_ms, profile_name,
    speed_cap_kmh, duration_cap_s, pain_stop_threshold, end_reason, step_count, distance_m,
    run_time_s) VALUES
    (1, 1, 'x', 1000, 'y', 2000, 'pfp', 9, 600, 2, 'limit coming', 2, 0, 300),
    (2, 1, 'x', 3000, 'y', 4000, 'pfp', 9, 600, 2, 'stopped', 0, 0, 0),
    (3, 1, 'x', 5000, 'y', 6000, 'pfp', 9, 600, 2, 'fault:link_loss', 0, 0, 10);
INSERT INTO steps VALUES (1, 0, 0.5, 'left', 0.36, 0.25, 0.11, 1500, 2.4, 1.5, 60, 70, 166),
                         (1, 1, 0.9, 'right', 0.7, 0, 0, 900, 1.4, NULL, 0, 0, 0);
)sql")
                    .ok());
    }
    Store store = open_store(dir.db());
    auto steps = store.steps(1);
    REQUIRE(steps.ok());
    REQUIRE(steps->size() == 2);
    CHECK(steps->at(0).contact_time_s == std::optional<double>(0.25));
    CHECK(steps->at(0).valr_bw_s == std::optional<double>(60.0));
    CHECK_FALSE(steps->at(1).contact_time_s.has_value());
    CHECK_FALSE(steps->at(1).flight_time_s.has_value());
    CHECK_FALSE(steps->at(1).valr_bw_s.has_value());
    CHECK_FALSE(steps->at(1).cadence_spm.has_value());
    CHECK(steps->at(1).step_time_s == std::optional<double>(0.7));
    CHECK(store.session(1)->end_reason == std::optional<std::string>("limit_coming"));
    CHECK_FALSE(store.session(1)->totals.distance_m.has_value()); // 0 after a run was a lie
    CHECK(store.session(2)->end_reason == std::optional<std::string>("stopped"));
    CHECK(store.session(2)->totals.distance_m == std::optional<double>(0.0));
    CHECK(store.session(3)->end_reason == std::optional<std::string>("fault"));
    CHECK(store.session(3)->alarm_code == std::optional<std::string>("link_loss"));
    CHECK(store.session_summary(1)->mean_cadence_spm.value() == doctest::Approx(166.0));
    CHECK(store.connection().query_text("PRAGMA foreign_key_check").ok() == false); // no rows
    CHECK(store.connection().query_text("PRAGMA integrity_check").value() == "ok");
}

TEST_CASE("interrupted sessions are closed from their last record, run time from running steps") {
    StoreWithSession s;
    // 10 running steps (flight > 0, 0.36 s each), then 5 walking steps, pain at 20 s.
    std::vector<StepRecord> steps;
    for (std::int64_t seq = 0; seq < 10; ++seq)
        steps.push_back(sample_step(seq));
    for (std::int64_t seq = 10; seq < 15; ++seq) {
        StepRecord w = walking_step(seq);
        w.flight_time_s = -0.2; // overlapping contacts
        w.step_time_s = 0.6;
        steps.push_back(w);
    }
    REQUIRE(s.store.append_steps(s.session, steps).ok());
    REQUIRE(s.store.add_pain_report({s.session, 3.0, 1}).ok());
    REQUIRE(s.store.add_alarm({s.session, 4.0, "valr_high", AlarmSeverity::advisory, ""}).ok());
    // A second runner's session with no records at all.
    const RowId other_runner = s.store.add_runner(sample_runner("Ben")).value();
    const RowId empty = s.store.begin_session(sample_start(other_runner)).value();
    // An ended session is not touched.
    const RowId ended = s.store.begin_session(sample_start(other_runner)).value();
    REQUIRE(s.store.end_session(ended, {sample_start_ms + 5000, EndReason::pain, {}, {}, {}, {}, 4})
                .ok());

    const std::int64_t now = sample_start_ms + 3'600'000;
    auto closed = s.store.close_interrupted_sessions(now);
    REQUIRE(closed.ok());
    CHECK(closed.value() == 2);

    auto a = s.store.session(s.session);
    REQUIRE(a.ok());
    CHECK(a->end_reason == std::optional<std::string>("interrupted"));
    // Last record: step 14 at t = 0.36 * 14 = 5.04 s.
    CHECK(a->end_unix_ms == std::optional<std::int64_t>(sample_start_ms + 5040));
    CHECK(a->totals.step_count == 15);
    CHECK(a->totals.run_time_s == doctest::Approx(3.6));
    CHECK_FALSE(a->totals.distance_m.has_value());
    CHECK(a->max_pain == std::optional<int>(1));
    auto b = s.store.session(empty);
    CHECK(b->end_unix_ms == std::optional<std::int64_t>(sample_start_ms));
    CHECK(b->totals.step_count == 0);
    CHECK(s.store.session(ended)->end_reason == std::optional<std::string>("pain"));
    // Nothing left open: a second call closes nothing.
    CHECK(s.store.close_interrupted_sessions(now).value() == 0);
}

TEST_CASE("an interrupted session's end is never after now") {
    StoreWithSession s;
    StepRecord late = sample_step(0);
    late.t_s = 7200.0; // a garbage offset two hours after the start
    const std::vector<StepRecord> steps{late};
    REQUIRE(s.store.append_steps(s.session, steps).ok());
    REQUIRE(s.store.close_interrupted_sessions(sample_start_ms + 60'000).value() == 1);
    CHECK(s.store.session(s.session)->end_unix_ms ==
          std::optional<std::int64_t>(sample_start_ms + 60'000));
}
