#pragma once
// RAII owner of one sqlite3 connection. Not shared between threads: the daemon uses
// its store from the io_context thread only.

#include "controller/store/store_result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

struct sqlite3;

namespace tg::store::sqlite {

class Statement;

class Connection {
public:
    // Opens (creating if missing) the database file. The file is not read until the
    // first statement, so callers should run one query to detect "not a database".
    // vfs: null for SQLite's default, or a VFS name such as "unix-excl".
    static Result<Connection> open(const std::filesystem::path& path, const char* vfs = nullptr);

    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Runs one or more statements that return no rows the caller needs.
    Status exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);

    // Convenience for PRAGMAs and counts: the first column of the first row.
    Result<std::int64_t> query_int(std::string_view sql);
    Result<std::string> query_text(std::string_view sql);

    std::int64_t last_insert_rowid() const;
    int changes() const;
    sqlite3* handle() const { return db_; }

private:
    explicit Connection(sqlite3* db) : db_(db) {}
    void close();

    sqlite3* db_ = nullptr;
};

// Builds an Error from SQLite's last error on `db`, classifying constraint failures.
Error sqlite_error(sqlite3* db, int rc, std::string_view context);

} // namespace tg::store::sqlite
