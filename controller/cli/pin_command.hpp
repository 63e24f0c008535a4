#pragma once
// `treadguard pin set`: the clinician PIN (the first needs no old PIN; a change does).
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

int run_pin(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
