#pragma once
// Small compositions of Connection and Statement that every table needs:
// prepare-and-bind, run once, and read all rows into values.

#include "controller/store/sqlite_connection.hpp"
#include "controller/store/sqlite_statement.hpp"
#include "controller/store/store_result.hpp"

#include <string_view>
#include <vector>

namespace tg::store::sqlite {

template <class... Args>
Result<Statement> prepare_bound(Connection& connection, std::string_view sql, const Args&... args) {
    auto stmt = connection.prepare(sql);
    if (!stmt) return stmt.error();
    if (auto status = stmt->bind_all(args...); !status) return status.error();
    return stmt;
}

// Runs a statement that returns no rows.
template <class... Args>
Status execute(Connection& connection, std::string_view sql, const Args&... args) {
    auto stmt = prepare_bound(connection, sql, args...);
    if (!stmt) return stmt.error();
    return stmt->run();
}

// Calls visit(stmt) for every row.
template <class Visit>
Status for_each_row(Statement& stmt, Visit&& visit) {
    for (;;) {
        auto row = stmt.step();
        if (!row) return row.error();
        if (!row.value()) return {};
        visit(stmt);
    }
}

// Reads every row with read(stmt) -> T.
template <class T, class Read>
Result<std::vector<T>> collect_rows(Statement& stmt, Read&& read) {
    std::vector<T> rows;
    if (auto status = for_each_row(stmt, [&](const Statement& row) { rows.push_back(read(row)); });
        !status)
        return status.error();
    return rows;
}

// Like collect_rows for a query that must find exactly one row.
template <class T, class Read>
Result<T> collect_one(Statement& stmt, Read&& read, std::string missing) {
    auto rows = collect_rows<T>(stmt, read);
    if (!rows) return rows.error();
    if (rows->empty()) return make_error(ErrorCode::not_found, std::move(missing));
    return std::move(rows->front());
}

// Prepares, binds and reads every row: the common shape of a list query.
template <class T, class Read, class... Args>
Result<std::vector<T>> query_rows(Connection& connection, std::string_view sql, Read&& read,
                                  const Args&... args) {
    auto stmt = prepare_bound(connection, sql, args...);
    if (!stmt) return stmt.error();
    return collect_rows<T>(stmt.value(), read);
}

// Prepares, binds and reads the one row the query must find.
template <class T, class Read, class... Args>
Result<T> query_one(Connection& connection, std::string_view sql, Read&& read, std::string missing,
                    const Args&... args) {
    auto stmt = prepare_bound(connection, sql, args...);
    if (!stmt) return stmt.error();
    return collect_one<T>(stmt.value(), read, std::move(missing));
}

} // namespace tg::store::sqlite
