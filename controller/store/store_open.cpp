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
        std::filesystem::create_directories(parent, ec);
        if (ec)
            return open_failure(path, "cannot create directory '" + parent.string() +
                                          "': " + ec.message());
    }
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
        return open_failure(path, "directory '" + parent.string() + "' does not exist",
                            ErrorCode::not_found);
    if (std::filesystem::is_directory(path, ec))
        return open_failure(path, "it is a directory, not a database file",
                            ErrorCode::invalid_argument);
    return {};
}

// WAL lets the CLI read while the daemon writes; synchronous=NORMAL keeps every
// commit across a process crash (only an OS crash or power loss may drop the last
// few transactions, never corrupt the file).
Status configure(sqlite::Connection& connection, int busy_timeout_ms) {
    if (sqlite3_db_readonly(connection.handle(), "main") == 1)
        return make_error(ErrorCode::database, "the file is read-only");
    if (auto status = connection.exec("PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms));
        !status)
        return status;
    auto mode = connection.query_text("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (mode.value() != "wal")
        return make_error(ErrorCode::database,
                          "cannot switch to WAL mode (journal_mode is '" + mode.value() + "')");
    return connection.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
}

} // namespace

Result<Store> Store::open(const std::filesystem::path& path, const StoreOptions& options) {
    if (path.empty())
        return make_error(ErrorCode::invalid_argument, "store database path is empty");
    if (auto status = check_location(path, options); !status) return status.error();
    auto connection = sqlite::Connection::open(path);
    if (!connection) return connection.error(); // already names the path
    if (auto status = configure(connection.value(), options.busy_timeout_ms); !status)
        return open_failure(path, status.error().message);
    if (auto status = migrate(connection.value(), schema_migrations()); !status)
        return open_failure(path, status.error().message, status.error().code);
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
