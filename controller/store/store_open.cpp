#include "controller/store/private_files.hpp"
#include "controller/store/schema_migrations.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

#include <sqlite3.h>
#include <system_error>

namespace tg::store {

namespace {

Error open_failure(const std::filesystem::path& path, const std::string& reason,
                   ErrorCode code = ErrorCode::database) {
    return make_error(code, "cannot open store database '" + path.string() + "': " + reason);
}

// Checks the file system first: SQLite's own message ("unable to open database
// file") does not say which part of the path is wrong.
Status check_location(const std::filesystem::path& path, const StoreOptions& options) {
    std::error_code ec;
    const std::filesystem::path parent = path.parent_path();
    if (options.create_parent_directories && !parent.empty()) {
        if (auto status = create_private_directories(parent); !status)
            return open_failure(path, status.error().message);
    }
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
        return open_failure(path, "directory '" + parent.string() + "' does not exist",
                            ErrorCode::not_found);
    if (std::filesystem::is_directory(path, ec))
        return open_failure(path, "it is a directory, not a database file",
                            ErrorCode::invalid_argument);
    return {};
}

// A database with corrupt pages must not be written to (a write may spread the
// damage); quick_check reads every page without the slow index cross-checks.
Status check_integrity(sqlite::Connection& connection) {
    auto stmt = connection.prepare("PRAGMA quick_check");
    if (!stmt)
        return make_error(ErrorCode::database,
                          "it is corrupt or not a database (" + stmt.error().message + ")");
    std::string problems;
    for (int shown = 0;;) {
        auto row = stmt->step();
        if (!row)
            return make_error(ErrorCode::database,
                              "it is corrupt or not a database (" + row.error().message + ")");
        if (!row.value()) break;
        const std::string line = stmt->column_text(0);
        if (line == "ok") continue;
        if (shown++ < 3) problems += (problems.empty() ? "" : "; ") + line;
    }
    if (problems.empty()) return {};
    return make_error(ErrorCode::database,
                      "the database is corrupt (PRAGMA quick_check: " + problems +
                          "); it was not modified: restore it from a backup or move it away");
}

// WAL keeps every commit across a process crash with synchronous=NORMAL (only an OS
// crash or power loss may drop the last few transactions, never corrupt the file).
// Foreign keys are switched on after the migrations: a migration that rebuilds a
// referenced table needs them off.
Status configure(sqlite::Connection& connection, int busy_timeout_ms, bool existed) {
    if (sqlite3_db_readonly(connection.handle(), "main") == 1)
        return make_error(ErrorCode::database, "the file is read-only");
    if (auto status = connection.exec("PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms));
        !status)
        return status;
    if (existed)
        if (auto status = check_integrity(connection); !status) return status;
    auto mode = connection.query_text("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (mode.value() != "wal")
        return make_error(ErrorCode::database,
                          "cannot switch to WAL mode (journal_mode is '" + mode.value() + "')");
    return connection.exec("PRAGMA synchronous = NORMAL");
}

// The database file is created by us with 0640 before SQLite opens it: SQLite
// creates the -wal with the database file's mode.
Status prepare_file(const std::filesystem::path& path, bool existed) {
    if (!existed) return create_private_file(path);
    return restrict_permissions(path);
}

} // namespace

Result<Store> Store::open(const std::filesystem::path& path, const StoreOptions& options) {
    if (path.empty())
        return make_error(ErrorCode::invalid_argument, "store database path is empty");
    if (auto status = check_location(path, options); !status) return status.error();
    std::error_code ec;
    const bool existed = std::filesystem::file_size(path, ec) > 0 && !ec;
    if (auto status = prepare_file(path, existed); !status)
        return open_failure(path, status.error().message);
    // unix-excl: the WAL index lives in heap memory, no -shm mmap (see store.hpp).
    auto connection = sqlite::Connection::open(path, "unix-excl");
    if (!connection) return connection.error(); // already names the path
    if (auto status = configure(connection.value(), options.busy_timeout_ms, existed); !status)
        return open_failure(path, status.error().message);
    if (auto status = migrate(connection.value(), schema_migrations()); !status)
        return open_failure(path, status.error().message, status.error().code);
    if (auto status = connection->exec("PRAGMA foreign_keys = ON"); !status)
        return open_failure(path, status.error().message);
    if (std::filesystem::exists(path.string() + "-wal", ec))
        if (auto status = restrict_permissions(path.string() + "-wal"); !status)
            return open_failure(path, status.error().message);
    return Store(path, std::move(connection).value());
}

Status Store::require_runner(RowId runner_id) {
    auto stmt = sqlite::prepare_bound(connection_, "SELECT 1 FROM runners WHERE id = ?", runner_id);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value())
        return make_error(ErrorCode::not_found, "no runner with id " + std::to_string(runner_id));
    return {};
}

Result<Session> Store::open_session(RowId session_id) {
    auto found = session(session_id);
    if (!found) return found.error();
    if (found->end_unix_ms)
        return make_error(ErrorCode::conflict,
                          "session " + std::to_string(session_id) + " has already ended");
    return found;
}

} // namespace tg::store
