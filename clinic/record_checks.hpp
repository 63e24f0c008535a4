#pragma once
// What the clinic server accepts from the broker, checked before anything is written (pure:
// no database, no network). A message on a topic outside treadguard/<clinic>/<treadmill>/
// <leaf>, one larger than max_message_bytes, one that is not JSON, or one that names
// another treadmill than its topic is refused whole; in a records batch, each record with
// a wrong shape (unknown kind, missing field, wrong type) is refused alone. What needs
// the database (sequence gaps, unknown runners and sessions) is judged by the record sink.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tg::clinic {

struct TopicParts {
    std::string clinic, treadmill, leaf;
};
// Splits treadguard/<clinic>/<treadmill>/<leaf>; nullopt for any other shape.
std::optional<TopicParts> parse_topic(const std::string& topic);

struct Refusal {
    std::optional<std::int64_t> seq;
    std::string reason;
    std::string excerpt; // the start of what was refused, for the quarantine table
};

struct IncomingRecord {
    std::int64_t seq = 0;
    std::string kind;
    std::int64_t created_unix_ms = 0;
    nlohmann::json data;
};

struct CheckedMessage {
    std::string treadmill; // from the topic (empty if the topic is not ours)
    std::string leaf;
    std::optional<Refusal> refused_whole;
    nlohmann::json body;                 // status and alarm messages
    std::vector<IncomingRecord> records; // records messages: the well-formed ones
    std::vector<Refusal> refused;        // records messages: the malformed ones
};

CheckedMessage check_message(const std::string& clinic, const std::string& topic,
                             const std::string& payload);

// The reason a record's data does not fit its kind, or empty when it fits.
std::string record_shape_problem(const std::string& kind, const nlohmann::json& data);

} // namespace tg::clinic
