// Bad input gets an error value with a reason, never an exception or a crash.
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <fstream>
#include <limits>
#include <vector>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

bool mentions(const Error& error, std::string_view text) {
    return error.message.find(text) != std::string::npos;
}

} // namespace

TEST_CASE("runner fields out of range are refused with the field named") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    struct Case {
        const char* field;
        void (*spoil)(Runner&);
    };
    const Case cases[] = {
        {"name is empty", [](Runner& r) { r.name = "  "; }},
        {"body_mass_kg", [](Runner& r) { r.body_mass_kg = not_a_number; }},
        {"body_mass_kg", [](Runner& r) { r.body_mass_kg = 5.0; }},
        {"preferred_cadence_spm", [](Runner& r) { r.preferred_cadence_spm = infinity; }},
        {"target_speed_kmh", [](Runner& r) { r.target_speed_kmh = -1.0; }},
        {"target_duration_min", [](Runner& r) { r.target_duration_min = 1e9; }},
        {"target_runs_per_week", [](Runner& r) { r.target_runs_per_week = 40; }},
        {"name is longer", [](Runner& r) { r.name = std::string(500, 'x'); }},
    };
    for (const Case& c : cases) {
        Runner r = sample_runner();
        c.spoil(r);
        auto added = store.add_runner(r);
        REQUIRE_FALSE(added.ok());
        CHECK(added.error().code == ErrorCode::invalid_argument);
        CHECK_MESSAGE(mentions(added.error(), c.field), added.error().message);
    }
    CHECK(store.list_runners()->empty());
}

TEST_CASE("a step with NaN, infinity or negative times is refused and nothing is written") {
    StoreWithSession s;
    std::vector<StepRecord> batch{sample_step(0), sample_step(1), sample_step(2)};
    batch[1].valr_bw_s = not_a_number;
    auto status = s.store.append_steps(s.session, batch);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::invalid_argument);
    CHECK(mentions(status.error(), "step 1: valr_bw_s is not a finite number"));
    batch[1] = sample_step(1);
    batch[2].contact_time_s = -0.1;
    CHECK(mentions(s.store.append_steps(s.session, batch).error(), "contact_time_s"));
    batch[2] = sample_step(2);
    batch[0].impact_peak_bw = infinity;
    CHECK(mentions(s.store.append_steps(s.session, batch).error(), "impact_peak_bw"));
    batch[0].impact_peak_bw.reset();
    batch[0].seq = -1;
    CHECK(mentions(s.store.append_steps(s.session, batch).error(), "seq"));
    CHECK(s.store.steps(s.session)->empty());
}

TEST_CASE("unknown ids are not_found with the id in the message") {
    StoreWithSession s;
    auto steps = s.store.append_steps(4242, std::vector<StepRecord>{sample_step(0)});
    CHECK(steps.error().code == ErrorCode::not_found);
    CHECK(mentions(steps.error(), "no session with id 4242"));
    CHECK(s.store.begin_session(sample_start(77)).error().code == ErrorCode::not_found);
    CHECK(s.store.add_pain_report({4242, 1.0, 1}).error().code == ErrorCode::not_found);
    CHECK(s.store.add_alarm({4242, 1.0, "x", AlarmSeverity::info, ""}).error().code ==
          ErrorCode::not_found);
    CHECK(s.store.end_session(4242, {sample_start_ms, EndReason::operator_stop, {}, {}, {}, {}, 0})
              .error()
              .code == ErrorCode::not_found);
    CHECK(s.store.session_summary(4242).error().code == ErrorCode::not_found);
    CHECK(s.store.list_sessions(77).error().code == ErrorCode::not_found);
    CHECK(s.store.checkins(77).error().code == ErrorCode::not_found);
    CHECK(s.store.add_checkin({77, "2025-03-01", 0, false, false, ""}).error().code ==
          ErrorCode::not_found);
    CHECK(s.store.set_plan({77, "2025-03-01", nlohmann::json::array(), {}}).error().code ==
          ErrorCode::not_found);
    CHECK(s.store.runner(-3).error().code == ErrorCode::not_found);
}

TEST_CASE("session, pain, check-in, alarm, plan and audit values out of range are refused") {
    StoreWithSession s;
    SessionStart start = sample_start(s.runner);
    start.caps.speed_kmh = 45.0;
    CHECK(mentions(s.store.begin_session(start).error(), "caps.speed_kmh"));
    start = sample_start(s.runner);
    start.caps.pain_stop_threshold = 11;
    CHECK(mentions(s.store.begin_session(start).error(), "pain_stop_threshold"));
    start = sample_start(s.runner);
    start.start_unix_ms = -5;
    CHECK(mentions(s.store.begin_session(start).error(), "start_unix_ms"));

    CHECK(mentions(s.store.add_pain_report({s.session, 10.0, 11}).error(), "pain = 11"));
    CHECK(mentions(s.store.add_pain_report({s.session, not_a_number, 1}).error(), "t_s"));
    CHECK(mentions(s.store.add_checkin({s.runner, "2025-02-30", 0, false, false, ""}).error(),
                   "'2025-02-30' is not a YYYY-MM-DD date"));
    CHECK(mentions(s.store.add_checkin({s.runner, "2025-3-1", 0, false, false, ""}).error(),
                   "not a YYYY-MM-DD date"));
    CHECK(mentions(s.store.add_checkin({s.runner, "2025-03-01", 15, false, false, ""}).error(),
                   "pain_vs_baseline"));
    CHECK(mentions(s.store.add_alarm({s.session, 1.0, "", AlarmSeverity::info, ""}).error(),
                   "code is empty"));
    CHECK(mentions(s.store.set_plan({s.runner, "2025-03-01", nlohmann::json::object(), {}}).error(),
                   "phases must be a JSON array"));
    CHECK(mentions(s.store.append_audit({0, "", sample_start_ms, "", "x", "", "", ""}).error(),
                   "who is empty"));
    CHECK(s.store.set_setting("", "v").error().code == ErrorCode::invalid_argument);
}

TEST_CASE("ending a session before it started or with a bad limit is refused") {
    StoreWithSession s;
    CHECK(mentions(
        s.store.end_session(s.session, {sample_start_ms - 1, EndReason::pain, {}, {}, {}, {}, 0})
            .error(),
        "before the session start"));
    CHECK(
        mentions(s.store
                     .end_session(s.session,
                                  {sample_start_ms, static_cast<EndReason>(99), {}, {}, {}, {}, 0})
                     .error(),
                 "is not one of the defined end reasons"));
    CHECK(mentions(
        s.store
            .end_session(s.session, {sample_start_ms, EndReason::pain, {}, {}, not_a_number, {}, 0})
            .error(),
        "pain_free_limit_kmh"));
    CHECK_FALSE(s.store.session(s.session)->end_unix_ms.has_value());
}

TEST_CASE("a path that cannot be opened gives a clear message") {
    ScratchDir dir;
    SUBCASE("missing directory") {
        auto store = Store::open(dir.path() / "no" / "such" / "dir" / "t.db");
        REQUIRE_FALSE(store.ok());
        CHECK(store.error().code == ErrorCode::not_found);
        CHECK(mentions(store.error(), "cannot open store database"));
        CHECK(mentions(store.error(), "no/such/dir' does not exist"));
    }
    SUBCASE("a directory instead of a file") {
        auto store = Store::open(dir.path());
        REQUIRE_FALSE(store.ok());
        CHECK(mentions(store.error(), "it is a directory, not a database file"));
    }
    SUBCASE("a file that is not a database") {
        std::ofstream(dir.path() / "notes.txt")
            << "this is a text file, not SQLite, " << std::string(4096, 'x');
        auto store = Store::open(dir.path() / "notes.txt");
        REQUIRE_FALSE(store.ok());
        CHECK(mentions(store.error(), "notes.txt"));
        CHECK(mentions(store.error(), "file is not a database"));
    }
    SUBCASE("empty path") {
        CHECK(mentions(Store::open("").error(), "path is empty"));
    }
    SUBCASE("a parent that is a file") {
        std::ofstream(dir.path() / "plain") << "x";
        StoreOptions options;
        options.create_parent_directories = true;
        auto store = Store::open(dir.path() / "plain" / "t.db", options);
        REQUIRE_FALSE(store.ok());
        CHECK(mentions(store.error(), "cannot create directory"));
    }
}

TEST_CASE("create_parent_directories makes the default-style nested path") {
    ScratchDir dir;
    StoreOptions options;
    options.create_parent_directories = true;
    auto store = Store::open(dir.path() / "share" / "treadguard" / "treadguard.db", options);
    REQUIRE(store.ok());
    CHECK(std::filesystem::exists(dir.path() / "share" / "treadguard" / "treadguard.db"));
}
