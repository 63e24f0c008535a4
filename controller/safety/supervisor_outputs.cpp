#include "controller/safety/supervisor_outputs.hpp"

namespace tg::safety {

std::string_view to_string(DriveIntent intent) {
    switch (intent) {
    case DriveIntent::stop:
        return "stop";
    case DriveIntent::run:
        return "run";
    case DriveIntent::emergency_stop:
        return "emergency_stop";
    }
    return "unknown";
}

} // namespace tg::safety
