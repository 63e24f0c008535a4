#include "hmi/logic/pointer_input.hpp"

namespace tg::hmi {

void PointerInput::move(float x, float y) {
    current_.x = x;
    current_.y = y;
    current_.valid = true;
}

void PointerInput::press(float x, float y) {
    move(x, y);
    current_.down = true;
    pressed_since_frame_ = true;
    touched_ = true;
}

void PointerInput::release(float x, float y) {
    move(x, y);
    current_.down = false;
}

PointerFrame PointerInput::frame() {
    PointerFrame out = current_;
    out.down = current_.down || pressed_since_frame_;
    pressed_since_frame_ = false;
    return out;
}

} // namespace tg::hmi
