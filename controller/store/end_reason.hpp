#pragma once
// Why a session ended: the one list every writer (daemon, session core, writer
// thread) and reader (exports, planner history) uses. The text ids are what the
// database, the API and the exports carry.

#include "controller/store/store_result.hpp"

#include <string_view>

namespace tg::store {

enum class EndReason {
    limit_coming,    // the runner signalled the pain-free limit was near
    pain,            // pain above the threshold ended the run
    duration_cap,    // the plan's duration cap was reached
    completed,       // every phase ran to its end
    operator_stop,   // stop from the HMI, the CLI or a script
    emergency_stop,  // emergency stop (software or hardware chain)
    fault,           // a fault alarm stopped the belt (alarm code in SessionEnd::alarm_code)
    link_loss,       // the drive or plate link was lost
    runner_off_belt, // the plate saw no runner
    client_lost,     // the interactive client (HMI) disappeared
    interrupted,     // closed after a controller restart (kill -9, crash, full disk)
};

// "limit_coming", "emergency_stop", ...; "unknown" only for a value outside the enum.
const char* end_reason_name(EndReason reason);

// The reason for a text id; a clear error naming the known ids otherwise.
Result<EndReason> parse_end_reason(std::string_view text);

} // namespace tg::store
