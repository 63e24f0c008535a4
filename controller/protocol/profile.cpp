#include "controller/protocol/profile.hpp"

namespace tg::protocol {

const char* to_string(ProfileKind kind) {
    switch (kind) {
    case ProfileKind::pain_free_limit:
        return "pain-free-limit";
    case ProfileKind::walk_run:
        return "walk-run";
    case ProfileKind::cadence_retraining:
        return "cadence-retraining";
    }
    return "unknown";
}

} // namespace tg::protocol
