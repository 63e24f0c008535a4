#pragma once
// `treadguard status`: one snapshot (--json for scripts), or a live view while a session runs.
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

int run_status(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
