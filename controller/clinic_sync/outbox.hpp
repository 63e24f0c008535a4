#pragma once
// The treadmill's durable clinic outbox (store migration 8, controller/store/outbox_schema.hpp)
// seen from the clinic sync thread, over its own SQLite connection: switch collection on, take the
// oldest records as one batch, delete them once the broker has acknowledged the batch.
#include "controller/store/sqlite_connection.hpp"
#include "controller/store/store_result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace tg::clinic_sync {

struct OutboxBatch {
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    int records = 0;
    std::string message; // the records message's JSON text (clinic_wire.hpp)
};

class Outbox {
public:
    // Opens a connection (unix-excl, like the store's) to an existing, migrated store.
    static store::Result<Outbox> open(const std::filesystem::path& store_path);

    // On: every later record is copied into the outbox in its own transaction. Switching
    // from off to on first queues every existing runner, so the clinic knows whom the
    // records that follow are about. Off: records are no longer collected (kept ones stay).
    store::Status set_collecting(bool on);
    // The oldest records, at most batch_max_records / about batch_max_bytes.
    store::Result<std::optional<OutboxBatch>> next_batch(const std::string& treadmill);
    store::Status remove_through(std::int64_t seq);
    store::Result<std::int64_t> pending();

private:
    explicit Outbox(store::sqlite::Connection connection) : db_(std::move(connection)) {}
    store::Status check_schema();
    store::sqlite::Connection db_;
};

} // namespace tg::clinic_sync
