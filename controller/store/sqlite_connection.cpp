#include "controller/store/sqlite_connection.hpp"

#include "controller/store/sqlite_statement.hpp"

#include <sqlite3.h>
#include <utility>

namespace tg::store::sqlite {

namespace {

ErrorCode classify(int extended_rc) {
    switch (extended_rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return ErrorCode::already_exists;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return ErrorCode::not_found;
    default:
        break;
    }
    return (extended_rc & 0xff) == SQLITE_CONSTRAINT ? ErrorCode::invalid_argument
                                                     : ErrorCode::database;
}

template <class T, class Read>
Result<T> query_first(Connection& connection, std::string_view sql, Read read) {
    auto stmt = connection.prepare(sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value())
        return make_error(ErrorCode::not_found, "no row from '" + std::string(sql) + "'");
    return read(stmt.value());
}

} // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string message(context);
    message += ": ";
    message += detail;
    return make_error(classify(extended), std::move(message));
}

Result<Connection> Connection::open(const std::filesystem::path& path, const char* vfs) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, vfs);
    if (rc != SQLITE_OK) {
        Error error = sqlite_error(db, rc, "cannot open database '" + path.string() + "'");
        sqlite3_close(db); // sqlite3_open_v2 allocates a handle even on failure
        return error;
    }
    return Connection(db);
}

Connection::Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

Connection::~Connection() {
    close();
}

void Connection::close() {
    // close_v2 defers the close until outstanding statements finish, so a stray
    // Statement cannot make the close fail.
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = nullptr;
}

Status Connection::exec(std::string_view sql) {
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "SQL failed");
    return {};
}

Result<Statement> Connection::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqlite_error(db_, rc, "cannot prepare '" + std::string(sql) + "'");
    }
    return Statement(db_, stmt);
}

Result<std::int64_t> Connection::query_int(std::string_view sql) {
    return query_first<std::int64_t>(*this, sql,
                                     [](const Statement& row) { return row.column_int64(0); });
}

Result<std::string> Connection::query_text(std::string_view sql) {
    return query_first<std::string>(*this, sql,
                                    [](const Statement& row) { return row.column_text(0); });
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

int Connection::changes() const {
    return sqlite3_changes(db_);
}

} // namespace tg::store::sqlite
