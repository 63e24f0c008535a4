#pragma once
// The screen rectangles of named buttons in the frame just drawn, for tests that tap
// them with xdotool (--dump-layout FILE), and named texts so they can read what it says. Rectangles
// are in screen coordinates.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace tg::hmi {

struct ScreenRect {
    float x = 0, y = 0, w = 0, h = 0;
    bool enabled = true;
    bool operator==(const ScreenRect&) const = default;
};

class LayoutRegistry {
public:
    void begin_frame(std::string screen, float origin_x, float origin_y);
    // Records a button drawn at window coordinates.
    void add(const std::string& name, float x, float y, float w, float h, bool enabled = true);
    // Records a text the screen shows under a name, so tests can read what it says.
    void text(const std::string& name, std::string value) { texts_[name] = std::move(value); }
    const std::map<std::string, ScreenRect>& buttons() const { return buttons_; }
    const std::map<std::string, std::string>& texts() const { return texts_; }
    const std::string& screen() const { return screen_; }
    nlohmann::json to_json() const;
    // Smallest width or height of any recorded button (touch-target check).
    float smallest_side() const;

private:
    std::string screen_;
    float origin_x_ = 0, origin_y_ = 0;
    std::map<std::string, ScreenRect> buttons_;
    std::map<std::string, std::string> texts_;
};

} // namespace tg::hmi
