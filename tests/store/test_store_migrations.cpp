// Schema migrations: ordered steps, each in a transaction, version in user_version.
#include "controller/store/schema_migrations.hpp"
#include "controller/store/sqlite_connection.hpp"
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <array>
#include <doctest/doctest.h>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

sqlite::Connection raw_connection(const std::filesystem::path& path) {
    auto db = sqlite::Connection::open(path);
    REQUIRE(db.ok());
    return std::move(db).value();
}

bool has_table(sqlite::Connection& db, const std::string& name) {
    return db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                        name + "'")
               .value() == 1;
}

} // namespace

TEST_CASE("the migration list is numbered 1, 2, 3 ... without gaps") {
    const auto steps = schema_migrations();
    REQUIRE_FALSE(steps.empty());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        CHECK(steps[i].version == static_cast<int>(i) + 1);
        CHECK_FALSE(steps[i].description.empty());
    }
}

TEST_CASE("a new database is created at the newest version") {
    ScratchDir dir;
    { Store store = open_store(dir.db()); }
    auto db = raw_connection(dir.db());
    CHECK(schema_version(db).value() == schema_migrations().back().version);
    for (const char* table : {"runners", "sessions", "steps", "pain_reports", "audit_log",
                              "settings", "plans", "checkins", "alarms"})
        CHECK_MESSAGE(has_table(db, table), table);
}

TEST_CASE("a version-1 database with records is migrated forward on open, records kept") {
    ScratchDir dir;
    {
        auto db = raw_connection(dir.db());
        REQUIRE(migrate(db, schema_migrations().first(1)).ok());
        CHECK(schema_version(db).value() == 1);
        CHECK_FALSE(has_table(db, "checkins"));
        REQUIRE(db.exec("INSERT INTO runners (name, body_mass_kg, preferred_cadence_spm, "
                        "injury_side, injury_notes, target_speed_kmh, target_duration_min, "
                        "target_runs_per_week, profile_name) "
                        "VALUES ('Old Timer', 80, 170, 'right', '', 9, 20, 2, 'pfp')")
                    .ok());
    }
    Store store = open_store(dir.db());
    CHECK(schema_version(store.connection()).value() == schema_migrations().back().version);
    auto runner = store.find_runner("Old Timer");
    REQUIRE(runner.ok());
    CHECK(runner->injury_side == InjurySide::right);
    CHECK(store.add_checkin({runner->id, "2025-03-03", 0, false, false, "after migration"}).ok());
    CHECK(store.checkins(runner->id)->size() == 1);
}

TEST_CASE("a failing step rolls back completely and leaves the previous version") {
    ScratchDir dir;
    auto db = raw_connection(dir.db());
    const std::array<Migration, 2> steps{{
        {1, "create a", "CREATE TABLE a (x); INSERT INTO a VALUES (1);"},
        {2, "half done, then broken", "CREATE TABLE b (y); INSERT INTO missing VALUES (1);"},
    }};
    auto status = migrate(db, steps);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("schema migration 2 (half done, then broken) failed") !=
          std::string::npos);
    CHECK(schema_version(db).value() == 1);
    CHECK(has_table(db, "a"));
    CHECK_FALSE(has_table(db, "b"));
    // Re-running applies only the missing step once it is fixed.
    const std::array<Migration, 2> fixed{{steps[0], {2, "fixed", "CREATE TABLE b (y);"}}};
    REQUIRE(migrate(db, fixed).ok());
    CHECK(schema_version(db).value() == 2);
    CHECK(db.query_int("SELECT count(*) FROM a").value() == 1); // step 1 did not run again
}

TEST_CASE("a migration list with a gap is refused before anything runs") {
    ScratchDir dir;
    auto db = raw_connection(dir.db());
    const std::array<Migration, 2> gap{
        {{1, "a", "CREATE TABLE a (x);"}, {3, "c", "CREATE TABLE c (x);"}}};
    auto status = migrate(db, gap);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::invalid_argument);
    CHECK(schema_version(db).value() == 0);
    CHECK_FALSE(has_table(db, "a"));
}

TEST_CASE("a database from a newer program is refused, not modified") {
    ScratchDir dir;
    {
        auto db = raw_connection(dir.db());
        REQUIRE(db.exec("PRAGMA user_version = 99").ok());
    }
    auto store = Store::open(dir.db());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == ErrorCode::conflict);
    CHECK(store.error().message.find("schema version 99 is newer") != std::string::npos);
    auto db = raw_connection(dir.db());
    CHECK(schema_version(db).value() == 99);
    CHECK_FALSE(has_table(db, "runners"));
}
