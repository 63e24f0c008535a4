#pragma once
// Writes what the broker delivered into PostgreSQL. A records batch is one transaction:
// its records are taken in sequence order; one already stored (a duplicate delivery)
// changes nothing; one after a gap, one about a runner or session the clinic does not
// know, or one the database refuses goes to the quarantine table with the reason (each
// record in its own savepoint, so one bad record never loses the others). Connection
// failures are thrown (pqxx::broken_connection): the caller keeps the message and retries.
#include "clinic/record_checks.hpp"

#include <pqxx/connection>
#include <string>
#include <vector>

namespace tg::clinic {

struct SinkOutcome {
    int stored = 0;
    int duplicates = 0;
    std::vector<Refusal> refused; // quarantined: each is told to its treadmill
};

class RecordSink {
public:
    explicit RecordSink(pqxx::connection& connection) : db_(connection) {}
    SinkOutcome apply(const std::string& topic, const CheckedMessage& message);

private:
    SinkOutcome apply_records(const std::string& topic, const CheckedMessage& message);
    void apply_status(const CheckedMessage& message);
    void apply_alarm(const CheckedMessage& message);
    pqxx::connection& db_;
};

// Text PostgreSQL accepts whatever a sender put in it (no NUL, ASCII only).
std::string printable(const std::string& text);

} // namespace tg::clinic
