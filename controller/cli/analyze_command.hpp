#pragma once

#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

// `treadguard analyze [OPTIONS] FILE`: offline gait analysis of a force recording,
// printed as one JSON object on `out`; errors as one line on `err`.
int run_analyze(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
