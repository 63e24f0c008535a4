#pragma once
// `treadguard sessions export ID --format c3d|fit|force-csv`: formats made here, in the
// command, from the exports the controller already serves (the raw recording, the
// steps CSV and the summary JSON), so the API and the daemon stay as they are.

#include <optional>
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

bool is_converted_format(const std::string& format);

// Fetches what the format needs, converts, writes FILE (c3d and fit need --out) or the
// output. Returns the exit code.
int export_session_as(std::span<const std::string> args, long long session_id,
                      const std::string& format, const std::optional<std::string>& file,
                      std::ostream& out, std::ostream& err);

} // namespace tg::cli
