#pragma once
// The audit log as the `audit` reply shows it. Never holds a secret.
#include "controller/api/json_reader.hpp"

#include <string>
#include <vector>

namespace tg::api {

struct AuditEntry {
    std::string who;      // the person: clinician, operator
    std::string client;   // the API client that sent it, e.g. "hmi uid=1000"; may be empty
    std::string when_utc; // ISO-8601
    std::string what;
    std::string old_value;
    std::string new_value;
    std::string why;
};

struct AuditReply {
    std::vector<AuditEntry> entries; // oldest first
};

void to_json(json& j, const AuditEntry& v);
void from_json(const json& j, AuditEntry& v);
void to_json(json& j, const AuditReply& v);
void from_json(const json& j, AuditReply& v);

} // namespace tg::api
