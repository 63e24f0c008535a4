// The RAII SQLite wrapper: connection, statement bind/step/column, transaction.
#include "controller/store/sqlite_connection.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/sqlite_statement.hpp"
#include "controller/store/sqlite_transaction.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <string>

using namespace tg::store;
using tg::store::testing::ScratchDir;

namespace {

sqlite::Connection memory_db() {
    auto db = sqlite::Connection::open(":memory:");
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT UNIQUE)").ok());
    return std::move(db).value();
}

std::int64_t row_count(sqlite::Connection& db) {
    auto count = db.query_int("SELECT count(*) FROM t");
    REQUIRE(count.ok());
    return count.value();
}

} // namespace

TEST_CASE("bound values come back unchanged, including extremes, NUL bytes and NULL") {
    auto db = memory_db();
    const std::string with_nul("a\0b", 3);
    const auto big = std::numeric_limits<std::int64_t>::max();
    REQUIRE(sqlite::execute(db, "INSERT INTO t VALUES (?, ?, ?)", big, 0.1, with_nul).ok());
    REQUIRE(sqlite::execute(db, "INSERT INTO t (i, r, s) VALUES (?, ?, ?)", std::int64_t{-7},
                            std::optional<double>{}, "plain")
                .ok());

    auto stmt = db.prepare("SELECT i, r, s FROM t ORDER BY i DESC");
    REQUIRE(stmt.ok());
    auto row = stmt->step();
    REQUIRE((row.ok() && row.value()));
    CHECK(stmt->column_int64(0) == big);
    CHECK(stmt->column_double(1) == 0.1);
    CHECK(stmt->column_text(2) == with_nul);
    row = stmt->step();
    REQUIRE((row.ok() && row.value()));
    CHECK(stmt->column_int64(0) == -7);
    CHECK(stmt->is_null(1));
    CHECK_FALSE(stmt->column_optional_double(1).has_value());
    CHECK(stmt->column_optional_int64(0) == std::optional<std::int64_t>{-7});
    row = stmt->step();
    REQUIRE(row.ok());
    CHECK_FALSE(row.value());
}

TEST_CASE("a statement can be reset and run again with new bindings") {
    auto db = memory_db();
    auto insert = db.prepare("INSERT INTO t (i) VALUES (?)");
    REQUIRE(insert.ok());
    for (int i = 0; i < 5; ++i) {
        REQUIRE(insert->bind(1, i).ok());
        REQUIRE(insert->run().ok());
        REQUIRE(insert->reset().ok());
    }
    CHECK(row_count(db) == 5);
    CHECK(db.query_int("SELECT sum(i) FROM t").value() == 10);
}

TEST_CASE("SQL errors are values that say what failed") {
    auto db = memory_db();
    auto bad = db.prepare("SELEKT 1");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::database);
    CHECK(bad.error().message.find("SELEKT 1") != std::string::npos);
    CHECK(bad.error().message.find("syntax error") != std::string::npos);

    auto missing = db.exec("INSERT INTO nowhere VALUES (1)");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("no such table: nowhere") != std::string::npos);

    auto stmt = db.prepare("SELECT ?");
    REQUIRE(stmt.ok());
    CHECK_FALSE(stmt->bind(2, 1).ok()); // index out of range
}

TEST_CASE("a unique constraint failure is classified as already_exists") {
    auto db = memory_db();
    REQUIRE(sqlite::execute(db, "INSERT INTO t (s) VALUES (?)", "x").ok());
    auto again = sqlite::execute(db, "INSERT INTO t (s) VALUES (?)", "x");
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::already_exists);
}

TEST_CASE("a transaction rolls back unless committed") {
    auto db = memory_db();
    {
        auto tx = sqlite::Transaction::begin(db);
        REQUIRE(tx.ok());
        REQUIRE(db.exec("INSERT INTO t (i) VALUES (1)").ok());
        CHECK(row_count(db) == 1);
    }
    CHECK(row_count(db) == 0);
    {
        auto tx = sqlite::Transaction::begin(db);
        REQUIRE(tx.ok());
        REQUIRE(db.exec("INSERT INTO t (i) VALUES (2)").ok());
        REQUIRE(tx->commit().ok());
        CHECK_FALSE(tx->commit().ok()); // a finished transaction cannot commit twice
    }
    CHECK(row_count(db) == 1);
}

TEST_CASE("a moved-from transaction does not roll back the moved-to one") {
    auto db = memory_db();
    auto tx = sqlite::Transaction::begin(db);
    REQUIRE(tx.ok());
    {
        sqlite::Transaction moved = std::move(tx).value();
        REQUIRE(db.exec("INSERT INTO t (i) VALUES (3)").ok());
        REQUIRE(moved.commit().ok());
    }
    CHECK(row_count(db) == 1);
}

TEST_CASE("moving a connection keeps it usable and closes exactly once") {
    ScratchDir dir;
    auto opened = sqlite::Connection::open(dir.path() / "m.db");
    REQUIRE(opened.ok());
    sqlite::Connection first = std::move(opened).value();
    REQUIRE(first.exec("CREATE TABLE x (v)").ok());
    sqlite::Connection second = std::move(first);
    CHECK(first.handle() == nullptr);
    REQUIRE(second.exec("INSERT INTO x VALUES (1)").ok());
    CHECK(second.last_insert_rowid() == 1);
    CHECK(second.changes() == 1);
}

TEST_CASE("opening a path in a missing directory fails with SQLite's reason and the path") {
    ScratchDir dir;
    auto db = sqlite::Connection::open(dir.path() / "missing" / "x.db");
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().message.find("missing/x.db") != std::string::npos);
    CHECK(db.error().message.find("unable to open database file") != std::string::npos);
}
