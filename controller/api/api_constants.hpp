#pragma once
// The constants of the local API (API.md), defined once for the daemon, the HMI and the CLI.
#include <array>
#include <string_view>

namespace tg::api {

inline constexpr int kApiVersion = 1;
inline constexpr std::string_view kControllerVersion = "0.1.0";
inline constexpr std::size_t kMaxLineBytes = 64 * 1024;

// Error codes of a refused request ({"ok":false,"error":{"code":...,"message":...}}).
namespace error_code {
inline constexpr std::string_view bad_json = "bad_json";
inline constexpr std::string_view bad_request = "bad_request";
inline constexpr std::string_view unknown_command = "unknown_command";
inline constexpr std::string_view version = "version";
inline constexpr std::string_view oversized = "oversized";
inline constexpr std::string_view refused = "refused";
inline constexpr std::string_view not_found = "not_found";
inline constexpr std::string_view pin = "pin"; // wrong/missing PIN, or ack needs one
inline constexpr std::string_view store = "store";
inline constexpr std::string_view busy = "busy";
} // namespace error_code

inline constexpr std::array<std::string_view, 10> kErrorCodes = {
    error_code::bad_json,  error_code::bad_request, error_code::unknown_command,
    error_code::version,   error_code::oversized,   error_code::refused,
    error_code::not_found, error_code::pin,         error_code::store,
    error_code::busy};

// Supervisor states as the status object names them.
inline constexpr std::array<std::string_view, 9> kStates = {"Idle",    "Ready",    "Starting",
                                                            "Running", "CoolDown", "Stopping",
                                                            "Stopped", "Fault",    "EmergencyStop"};

// Alarm codes a client treats specially (the full list is controller/safety's).
namespace alarm_code {
inline constexpr std::string_view drive_not_confirming_stop = "drive_not_confirming_stop";
} // namespace alarm_code

} // namespace tg::api
