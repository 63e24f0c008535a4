#include "controller/gait/step_event.hpp"

namespace tg::gait {

std::string_view to_string(FootSide side) {
    switch (side) {
    case FootSide::left:
        return "left";
    case FootSide::right:
        return "right";
    case FootSide::unknown:
        break;
    }
    return "unknown";
}

std::string_view to_string(GaitMode mode) {
    return mode == GaitMode::walking ? "walking" : "running";
}

std::string_view to_string(LoadingRateWindow window) {
    switch (window) {
    case LoadingRateWindow::impact_20_80:
        return "impact_20_80";
    case LoadingRateWindow::stance_3_12:
        return "stance_3_12";
    case LoadingRateWindow::none:
        break;
    }
    return "none";
}

} // namespace tg::gait
