#pragma once
// The clinic's PostgreSQL schema, as numbered migrations like the treadmill's store:
// each runs once, in its own transaction, recorded in treadguard.schema_migrations. The
// tables live in the schema `treadguard`, which the clinic server's role owns (and is the
// only place it may write, hw/clinic/postgres-roles.sql).
#include <pqxx/connection>
#include <span>
#include <string_view>

namespace tg::clinic {

struct PgMigration {
    int version;
    std::string_view description;
    std::string_view sql;
};

std::span<const PgMigration> pg_migrations();
// Applies the missing migrations; throws pqxx exceptions (the caller retries later).
void migrate_pg(pqxx::connection& connection);

} // namespace tg::clinic
