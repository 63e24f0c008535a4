#pragma once
// The whole HMI for one frame: top bar, alarm and connection banners, and the current
// screen, which follows the controller's state (a moving belt always shows the running
// screen with STOP; the end of a session shows its summary).
#include "hmi/api/api_client.hpp"
#include "hmi/screens/app_state.hpp"
#include "hmi/ui/ui_context.hpp"

#include <string>

namespace tg::hmi {

class HmiApp {
public:
    HmiApp(ApiClient& api, UiContext& ui) : api_(api), ui_(ui) {}
    // Draws one frame; call between ImGui::NewFrame() and ImGui::Render().
    void frame(double now_s, float width, float height);
    // "running", "running-pain", "clinician-history", ... for the layout dump and screenshots.
    std::string screen_name() const;
    // Today's plan as last fetched for the chosen runner ({} before), for the biofeedback.
    const nlohmann::json& plan() const { return s_.plan; }

private:
    void follow_controller(ScreenContext& ctx);
    void on_session_end(ScreenContext& ctx);
    void top_bar(ScreenContext& ctx);
    void banners(ScreenContext& ctx);
    void body(ScreenContext& ctx);
    void notice(float width, float height);

    ApiClient& api_;
    UiContext& ui_;
    AppState s_;
};

} // namespace tg::hmi
