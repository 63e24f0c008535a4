#include "controller/service/audit_entry.hpp"

#include <chrono>

namespace tg::service {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

store::AuditEntry audit_entry(const std::string& who, const std::string& client, std::string what,
                              std::string old_value, std::string new_value, std::string why) {
    store::AuditEntry e;
    e.who = who;
    e.client = client;
    e.when_unix_ms = wall_ms();
    e.what = std::move(what);
    e.old_value = std::move(old_value);
    e.new_value = std::move(new_value);
    e.why = std::move(why);
    return e;
}

} // namespace tg::service
