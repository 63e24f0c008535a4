#pragma once
// The SDL2 window with its OpenGL context and Dear ImGui: events in (mouse and touch as
// one pointer), frames out, plus the test hooks (layout dump, screenshots, bench).
#include "hmi/api/api_client.hpp"
#include "hmi/app/hmi_options.hpp"
#include "hmi/logic/frame_stats.hpp"
#include "hmi/logic/pointer_input.hpp"
#include "hmi/ui/ui_context.hpp"

#include <string>

struct SDL_Window;
union SDL_Event;

namespace tg::hmi {

class HmiApp;
class Biofeedback;

class HmiWindow {
public:
    // Opens the window and loads fonts; throws std::runtime_error with the reason.
    explicit HmiWindow(HmiOptions options);
    ~HmiWindow();
    HmiWindow(const HmiWindow&) = delete;
    HmiWindow& operator=(const HmiWindow&) = delete;

    // Runs until the window closes, SIGTERM/SIGINT, or the bench frames are done.
    int run(ApiClient& api);

private:
    void handle_event(const SDL_Event& event);
    void render(HmiApp& app, double now_s, const Biofeedback& feedback);
    void after_frame(const std::string& screen);
    void dump_layout();

    HmiOptions options_;
    SDL_Window* window_ = nullptr;
    void* gl_context_ = nullptr;
    UiContext ui_;
    PointerInput pointer_;
    FrameStats stats_;
    bool quit_ = false;
    bool screenshot_requested_ = false;
    std::string last_screen_;
    int frames_on_screen_ = 0;
    int screenshot_seq_ = 0;
    std::string last_layout_;
};

} // namespace tg::hmi
