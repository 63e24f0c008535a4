#include "controller/store/sqlite_statement.hpp"

#include "controller/store/sqlite_connection.hpp"

#include <sqlite3.h>
#include <utility>

namespace tg::store::sqlite {

namespace {

Status check_bind(sqlite3* db, int rc, int index) {
    if (rc == SQLITE_OK) return {};
    return sqlite_error(db, rc, "cannot bind parameter " + std::to_string(index));
}

} // namespace

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Status Statement::bind(int index, std::int64_t value) {
    return check_bind(db_, sqlite3_bind_int64(stmt_, index, value), index);
}

Status Statement::bind(int index, double value) {
    return check_bind(db_, sqlite3_bind_double(stmt_, index, value), index);
}

Status Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, so the view may die before step().
    return check_bind(db_,
                      sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                          SQLITE_TRANSIENT, SQLITE_UTF8),
                      index);
}

Status Statement::bind_null(int index) {
    return check_bind(db_, sqlite3_bind_null(stmt_, index), index);
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, rc, "statement failed");
}

Status Statement::run() {
    auto row = step();
    if (!row) return row.error();
    if (row.value()) return make_error(ErrorCode::database, "statement returned unexpected rows");
    return {};
}

Status Statement::reset() {
    // reset() repeats the last step's error code, which the caller already saw.
    sqlite3_reset(stmt_);
    return check_bind(db_, sqlite3_clear_bindings(stmt_), 0);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::column_double(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    const int size = sqlite3_column_bytes(stmt_, column);
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::optional<double> Statement::column_optional_double(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_double(column);
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_int64(column);
}

} // namespace tg::store::sqlite
