#pragma once

#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

// `treadguard report RUNNER [--from DATE] [--to DATE] --pdf FILE [--paper a4|letter]
// [--pin PIN] [--clinician NAME]`: the progress report, from the controller's records.
int run_report(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
