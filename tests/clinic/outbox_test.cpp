// The clinic outbox in the treadmill's own SQLite: a record and its outbox copy commit
// together (a failed write leaves neither), records get gapless increasing sequence
// numbers, batches come out oldest first and leave only when removed, and nothing is
// collected while no clinic is configured.
#include "controller/clinic_sync/outbox.hpp"
#include "controller/store/outbox_schema.hpp"
#include "controller/store/store.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <nlohmann/json.hpp>

using namespace tg;
using json = nlohmann::json;

namespace {

store::Runner ana() {
    store::Runner r;
    r.name = "Ana";
    r.body_mass_kg = 62;
    r.preferred_cadence_spm = 170;
    r.target_speed_kmh = 10;
    r.target_duration_min = 30;
    r.target_runs_per_week = 3;
    r.profile_name = "pain-free-limit";
    return r;
}

store::StepRecord step(std::int64_t seq) {
    store::StepRecord s;
    s.seq = seq;
    s.t_s = 0.7 * static_cast<double>(seq);
    s.peak_force_n = 1500;
    s.peak_force_bw = 2.4;
    s.contact_time_s = 0.25;
    return s;
}

struct Fixture {
    std::string dir = testing::make_temp_dir("tg-outbox");
    std::filesystem::path path = dir + "/records.db";
    store::Store db = std::move(store::Store::open(path)).value();
    clinic_sync::Outbox outbox = std::move(clinic_sync::Outbox::open(path)).value();
    ~Fixture() { std::filesystem::remove_all(dir); }

    json batch() {
        auto b = outbox.next_batch("tm1");
        REQUIRE(b.ok());
        if (!b.value()) return json();
        return json::parse(b.value()->message);
    }
};

} // namespace

TEST_CASE("nothing is collected while no clinic is configured") {
    Fixture f;
    REQUIRE(f.outbox.set_collecting(false).ok());
    REQUIRE(f.db.add_runner(ana()).ok());
    CHECK(f.outbox.pending().value() == 0);
    CHECK(f.batch().is_null());
}

TEST_CASE("records reach the outbox in their own transaction, in order, until removed") {
    Fixture f;
    auto before = f.db.add_runner(ana()); // exists before the clinic was configured
    REQUIRE(before.ok());
    REQUIRE(f.outbox.set_collecting(true).ok());
    REQUIRE(f.outbox.set_collecting(true).ok()); // again: no second snapshot
    CHECK(f.outbox.pending().value() == 1);      // the existing runner, queued once

    store::SessionStart start{before.value(), 1764633600000, "pain-free-limit", {8, 600, 3}};
    auto session = f.db.begin_session(start);
    REQUIRE(session.ok());
    std::vector<store::StepRecord> steps{step(1), step(2), step(3)};
    REQUIRE(f.db.append_steps(session.value(), steps).ok());
    // A failing write (a step seq taken twice, in one batch with a new one) leaves no copy.
    std::vector<store::StepRecord> clash{step(4), step(2)};
    CHECK_FALSE(f.db.append_steps(session.value(), clash).ok());
    CHECK_FALSE(f.db.append_steps(999, steps).ok()); // no such session
    REQUIRE(f.db.add_pain_report({session.value(), 2.0, 1}).ok());
    store::SessionEnd end;
    end.end_unix_ms = 1764633700000;
    end.run_time_s = 100;
    REQUIRE(f.db.end_session(session.value(), end).ok());
    CHECK(f.outbox.pending().value() == 7);

    const json b = f.batch();
    REQUIRE(b["records"].size() == 7);
    CHECK(b["treadmill"] == "tm1");
    std::vector<std::string> kinds;
    for (std::size_t i = 0; i < b["records"].size(); ++i) {
        CHECK(b["records"][i]["seq"] == static_cast<std::int64_t>(i) + 1); // no gaps
        kinds.push_back(b["records"][i]["kind"].get<std::string>());
    }
    CHECK(kinds == std::vector<std::string>{"runner", "session_start", "step", "step", "step",
                                            "pain", "session_end"});
    CHECK(b["records"][1]["data"]["runner"] == "Ana");
    CHECK(b["records"][4]["data"]["seq"] == 3);
    CHECK(b["records"][6]["data"]["step_count"] == 3);

    // Only what the broker acknowledged leaves.
    REQUIRE(f.outbox.remove_through(5).ok());
    const json rest = f.batch();
    REQUIRE(rest["records"].size() == 2);
    CHECK(rest["records"][0]["seq"] == 6);
    REQUIRE(f.outbox.remove_through(7).ok());
    CHECK(f.batch().is_null());
    // Sequence numbers are never reused after removal.
    store::Runner ben = ana();
    ben.name = "Ben";
    REQUIRE(f.db.add_runner(ben).ok());
    CHECK(f.batch()["records"][0]["seq"] == 8);
}

TEST_CASE("a store reopened after the outbox exists keeps working (migration is idempotent)") {
    Fixture f;
    REQUIRE(f.outbox.set_collecting(true).ok());
    auto again = clinic_sync::Outbox::open(f.path);
    REQUIRE(again.ok());
    auto reopened = store::Store::open(f.path);
    REQUIRE(reopened.ok());
    REQUIRE(reopened.value().add_runner(ana()).ok());
    CHECK(f.outbox.pending().value() == 1);
}
