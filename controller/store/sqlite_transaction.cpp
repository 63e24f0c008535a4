#include "controller/store/sqlite_transaction.hpp"

#include <utility>

namespace tg::store::sqlite {

Result<Transaction> Transaction::begin(Connection& connection) {
    if (auto status = connection.exec("BEGIN IMMEDIATE"); !status) return status.error();
    return Transaction(connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
    // A failed rollback leaves nothing to do: SQLite rolls back on close anyway.
    if (connection_ != nullptr) (void)connection_->exec("ROLLBACK");
}

Status Transaction::commit() {
    if (connection_ == nullptr)
        return make_error(ErrorCode::conflict, "transaction already finished");
    Status status = connection_->exec("COMMIT");
    if (status) connection_ = nullptr;
    return status;
}

} // namespace tg::store::sqlite
