#pragma once
// Schema versions: PRAGMA user_version holds the number of migration steps applied.
// Each step runs in its own transaction together with the version bump, so a failed
// step leaves the database at the previous version.

#include "controller/store/sqlite_connection.hpp"
#include "controller/store/store_result.hpp"

#include <span>
#include <string_view>

namespace tg::store {

struct Migration {
    int version; // user_version after this step; steps are numbered 1, 2, 3, ...
    std::string_view description;
    std::string_view sql;
};

// The store's schema history, oldest first. Never edit a released step: add one.
std::span<const Migration> schema_migrations();

Result<int> schema_version(sqlite::Connection& connection);

// Applies every step above the current version. Refuses a database whose version
// is newer than `steps` knows (an older program must not write a newer schema).
Status migrate(sqlite::Connection& connection, std::span<const Migration> steps);

} // namespace tg::store
