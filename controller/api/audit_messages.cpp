#include "controller/api/audit_messages.hpp"

namespace tg::api {

void to_json(json& j, const AuditEntry& v) {
    j = {{"who", v.who},   {"client", v.client},       {"when_utc", v.when_utc},
         {"what", v.what}, {"old_value", v.old_value}, {"new_value", v.new_value},
         {"why", v.why}};
}

void from_json(const json& j, AuditEntry& v) {
    v.who = required<std::string>(j, "who");
    v.client = required<std::string>(j, "client");
    v.when_utc = required<std::string>(j, "when_utc");
    v.what = required<std::string>(j, "what");
    v.old_value = required<std::string>(j, "old_value");
    v.new_value = required<std::string>(j, "new_value");
    v.why = required<std::string>(j, "why");
}

void to_json(json& j, const AuditReply& v) {
    j = {{"entries", v.entries}};
}

void from_json(const json& j, AuditReply& v) {
    v.entries = required<std::vector<AuditEntry>>(j, "entries");
}

} // namespace tg::api
