#include "hmi/ui/cue_band.hpp"

#include <imgui.h>

namespace tg::hmi {

void draw_cue_band(UiContext& ui, std::uint32_t abgr, const std::string& text, float width,
                   float height) {
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const float t = ui.gap() * 1.5F; // ~1.5 mm: seen from the belt, clear of the buttons' text
    draw->AddRectFilled(ImVec2(0, 0), ImVec2(width, t), abgr);
    draw->AddRectFilled(ImVec2(0, height - t), ImVec2(width, height), abgr);
    draw->AddRectFilled(ImVec2(0, 0), ImVec2(t, height), abgr);
    draw->AddRectFilled(ImVec2(width - t, 0), ImVec2(width, height), abgr);
    ImFont* font = ui.fonts.bold;
    ImGui::PushFont(font);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    ImGui::PopFont();
    const float pad = ui.gap();
    const ImVec2 p0((width - size.x) / 2 - pad, t);
    const ImVec2 p1((width + size.x) / 2 + pad, t + size.y + pad);
    draw->AddRectFilled(p0, p1, abgr, 6.0F);
    draw->AddText(font, font->FontSize, ImVec2(p0.x + pad, p0.y + pad / 2), 0xFF000000,
                  text.c_str());
    ui.layout.text("cue-band", text);
}

} // namespace tg::hmi
