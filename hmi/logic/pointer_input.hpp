#pragma once
// One pointer for the UI from mouse and touch (finger) events. A press and release that
// both happen between two frames still show as "down" for one frame, so a quick tap
// (or an xdotool click) is never lost.
namespace tg::hmi {

struct PointerFrame {
    float x = -1.0F;
    float y = -1.0F;
    bool down = false;
    bool valid = false; // a position is known
};

class PointerInput {
public:
    void move(float x, float y);
    void press(float x, float y);
    void release(float x, float y);
    // The pointer for the next frame; clears the latched press.
    PointerFrame frame();
    bool touched() const { return touched_; }

private:
    PointerFrame current_;
    bool pressed_since_frame_ = false;
    bool touched_ = false;
};

} // namespace tg::hmi
