#pragma once
// RAII prepared statement: bind by 1-based index, step, read columns by 0-based index.

#include "controller/store/store_result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tg::store::sqlite {

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Status bind(int index, std::int64_t value);
    Status bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Status bind(int index, double value);
    Status bind(int index, std::string_view value);
    Status bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Status bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Status bind_null(int index);
    template <class T>
    Status bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Binds every argument in order from index 1; stops at the first failure.
    template <class... Args>
    Status bind_all(const Args&... args) {
        Status status;
        int index = 1;
        ((status = status ? bind(index++, args) : status), ...);
        return status;
    }

    // true: a row is ready to read; false: the statement finished.
    Result<bool> step();
    // Steps a statement that must not return rows.
    Status run();
    // Makes the statement ready to bind and run again (bindings are cleared).
    Status reset();

    bool is_null(int column) const;
    std::int64_t column_int64(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::optional<double> column_optional_double(int column) const;
    std::optional<std::int64_t> column_optional_int64(int column) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace tg::store::sqlite
