#pragma once
// RAII transaction: BEGIN IMMEDIATE on creation (so a writer fails early rather than
// at commit), ROLLBACK on destruction unless commit() succeeded.

#include "controller/store/sqlite_connection.hpp"
#include "controller/store/store_result.hpp"

namespace tg::store::sqlite {

class Transaction {
public:
    static Result<Transaction> begin(Connection& connection);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    Status commit();

private:
    explicit Transaction(Connection& connection) : connection_(&connection) {}

    Connection* connection_ = nullptr; // null once committed, rolled back or moved from
};

} // namespace tg::store::sqlite
