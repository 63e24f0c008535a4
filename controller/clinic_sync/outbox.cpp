#include "controller/clinic_sync/outbox.hpp"

#include "controller/clinic_sync/clinic_topics.hpp"
#include "controller/store/outbox_schema.hpp"
#include "controller/store/sqlite_statement.hpp"
#include "controller/store/sqlite_transaction.hpp"

namespace tg::clinic_sync {

using store::ErrorCode;
using store::make_error;
using store::outbox_migration_sql;
using store::outbox_setting_key;
using store::outbox_triggers;

store::Result<Outbox> Outbox::open(const std::filesystem::path& store_path) {
    if (!std::filesystem::exists(store_path))
        return make_error(ErrorCode::not_found,
                          "clinic outbox: store " + store_path.string() + " does not exist");
    auto connection = store::sqlite::Connection::open(store_path, "unix-excl");
    if (!connection) return connection.error();
    Outbox outbox(std::move(connection).value());
    if (auto status = outbox.db_.exec("PRAGMA busy_timeout = 5000"); !status) return status.error();
    if (auto status = outbox.check_schema(); !status) return status.error();
    return outbox;
}

store::Status Outbox::check_schema() {
    auto has_table = db_.query_int(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'clinic_outbox'");
    if (!has_table) return has_table.error();
    if (has_table.value() == 0) {
        // A store from before migration 8 (or a program that does not list it yet).
        auto transaction = store::sqlite::Transaction::begin(db_);
        if (!transaction) return transaction.error();
        if (auto status = db_.exec(outbox_migration_sql); !status)
            return make_error(status.error().code,
                              "clinic outbox: creating the outbox: " + status.error().message);
        if (auto status = transaction->commit(); !status) return status;
    }
    for (std::string_view trigger : outbox_triggers) {
        auto found = db_.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name = '" +
                                   std::string(trigger) + "'");
        if (!found) return found.error();
        if (found.value() == 0)
            return make_error(ErrorCode::conflict,
                              "clinic outbox: trigger " + std::string(trigger) +
                                  " is missing (a later migration rebuilt its table?)");
    }
    return {};
}

store::Status Outbox::set_collecting(bool on) {
    auto transaction = store::sqlite::Transaction::begin(db_);
    if (!transaction) return transaction.error();
    auto was = db_.query_int("SELECT count(*) FROM settings WHERE key = '" +
                             std::string(outbox_setting_key) + "' AND value = 'on'");
    if (!was) return was.error();
    if (was.value() == (on ? 1 : 0)) return {};
    auto set = db_.prepare("INSERT INTO settings (key, value) VALUES (?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!set) return set.error();
    if (auto status = set->bind_all(outbox_setting_key, on ? "on" : "off"); !status) return status;
    if (auto status = set->run(); !status) return status;
    // Rewriting each runner's row fires the "runner changed" trigger: the outbox gets the
    // runners that existed before collection started, through the same code path.
    if (on)
        if (auto status = db_.exec("UPDATE runners SET name = name"); !status) return status;
    return transaction->commit();
}

store::Result<std::optional<OutboxBatch>> Outbox::next_batch(const std::string& treadmill) {
    auto stmt = db_.prepare("SELECT seq, kind, created_unix_ms, payload FROM clinic_outbox "
                            "ORDER BY seq LIMIT ?");
    if (!stmt) return stmt.error();
    if (auto status = stmt->bind(1, batch_max_records); !status) return status.error();
    OutboxBatch batch;
    std::string records;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!row.value()) break;
        const std::int64_t seq = stmt->column_int64(0);
        std::string record = "{\"seq\":" + std::to_string(seq) + ",\"kind\":\"" +
                             stmt->column_text(1) +
                             "\",\"created_unix_ms\":" + std::to_string(stmt->column_int64(2)) +
                             ",\"data\":" + stmt->column_text(3) + "}";
        // A lone record larger than a batch still goes (the server judges its size).
        if (batch.records > 0 && records.size() + record.size() > batch_max_bytes) break;
        if (batch.records == 0) batch.first_seq = seq;
        batch.last_seq = seq;
        ++batch.records;
        records += (records.empty() ? "" : ",") + record;
    }
    if (batch.records == 0) return std::optional<OutboxBatch>{};
    batch.message = "{\"v\":1,\"treadmill\":\"" + treadmill + "\",\"records\":[" + records + "]}";
    return std::optional<OutboxBatch>{std::move(batch)};
}

store::Status Outbox::remove_through(std::int64_t seq) {
    auto stmt = db_.prepare("DELETE FROM clinic_outbox WHERE seq <= ?");
    if (!stmt) return stmt.error();
    if (auto status = stmt->bind(1, seq); !status) return status;
    return stmt->run();
}

store::Result<std::int64_t> Outbox::pending() {
    return db_.query_int("SELECT count(*) FROM clinic_outbox");
}

} // namespace tg::clinic_sync
