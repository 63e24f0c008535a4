#include "hmi/logic/layout_registry.hpp"

#include <algorithm>
#include <limits>

namespace tg::hmi {

void LayoutRegistry::begin_frame(std::string screen, float origin_x, float origin_y) {
    screen_ = std::move(screen);
    origin_x_ = origin_x;
    origin_y_ = origin_y;
    buttons_.clear();
    texts_.clear();
}

void LayoutRegistry::add(const std::string& name, float x, float y, float w, float h,
                         bool enabled) {
    buttons_[name] = {origin_x_ + x, origin_y_ + y, w, h, enabled};
}

nlohmann::json LayoutRegistry::to_json() const {
    nlohmann::json buttons = nlohmann::json::object();
    for (const auto& [name, r] : buttons_)
        buttons[name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}, {"enabled", r.enabled}};
    nlohmann::json texts = nlohmann::json::object();
    for (const auto& [name, value] : texts_)
        texts[name] = value;
    return {{"screen", screen_}, {"buttons", buttons}, {"texts", texts}};
}

float LayoutRegistry::smallest_side() const {
    float smallest = std::numeric_limits<float>::max();
    for (const auto& [name, r] : buttons_)
        smallest = std::min({smallest, r.w, r.h});
    return buttons_.empty() ? 0.0F : smallest;
}

} // namespace tg::hmi
