#pragma once
// Commands on the records: runners, check-ins, sessions, plans, the audit log.
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

int run_runners(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_checkin(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_sessions(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_plan(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_audit(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
