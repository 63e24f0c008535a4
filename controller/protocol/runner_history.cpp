#include "controller/protocol/runner_history.hpp"

namespace tg::protocol {

const char* to_string(EndReason reason) {
    switch (reason) {
    case EndReason::duration_cap:
        return "duration cap";
    case EndReason::limit_coming:
        return "limit coming";
    case EndReason::pain:
        return "pain";
    case EndReason::stopped:
        return "stopped";
    }
    return "unknown";
}

} // namespace tg::protocol
