#pragma once
// An audit-log entry as every command writes it: who (a role), which client, what, old and
// new value, why, stamped with the wall clock. Never the request itself: it may hold a PIN.
#include "controller/store/records.hpp"

#include <cstdint>
#include <string>

namespace tg::service {

std::int64_t wall_ms(); // unix milliseconds now

store::AuditEntry audit_entry(const std::string& who, const std::string& client, std::string what,
                              std::string old_value, std::string new_value, std::string why);

} // namespace tg::service
