#pragma once
// The clinician's commands of the protocol's review (issue 12): a runner's record changed,
// an escalation cleared, an entry check answered. Each needs the reason; the daemon checks
// the values (controller/api/request_bounds.hpp) and audits.
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

int run_runner_update(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_review(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_entry_check(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
