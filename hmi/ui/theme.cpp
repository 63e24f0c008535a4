#include "hmi/ui/theme.hpp"

#include <filesystem>
#include <imgui.h>
#include <stdexcept>

namespace tg::hmi {
namespace {

ImFont* add_font(const std::string& path, float size_px) {
    if (!std::filesystem::is_regular_file(path))
        throw std::runtime_error("font not found: " + path +
                                 " (install fonts-dejavu-core, or pass --font-dir)");
    ImFontConfig config;
    config.OversampleH = 1; // large sizes need no oversampling; keeps the atlas small
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2190, 0x2193,
                                     0x2212, 0x2212, 0x25B2, 0x25BC, 0};
    ImFont* font = ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), size_px, &config, ranges);
    if (font == nullptr) throw std::runtime_error("cannot load font: " + path);
    return font;
}

} // namespace

Fonts load_fonts(const PanelMetrics& metrics, const std::string& font_dir) {
    const std::string regular = font_dir + "/DejaVuSans.ttf";
    const std::string bold = font_dir + "/DejaVuSans-Bold.ttf";
    Fonts fonts;
    fonts.body = add_font(regular, metrics.font_body_px); // first font is ImGui's default
    fonts.bold = add_font(bold, metrics.font_body_px);
    fonts.large = add_font(bold, metrics.font_large_px);
    fonts.huge = add_font(bold, metrics.font_huge_px);
    return fonts;
}

void apply_theme(const PanelMetrics& metrics) {
    ImGuiStyle& style = ImGui::GetStyle();
    ImGui::StyleColorsDark(&style);
    const float s = metrics.scale;
    style.WindowPadding = ImVec2(8 * s, 6 * s);
    style.FramePadding = ImVec2(10 * s, 8 * s);
    style.ItemSpacing = ImVec2(metrics.min_target_px * 0.12F, metrics.min_target_px * 0.12F);
    style.ItemInnerSpacing = ImVec2(8 * s, 6 * s);
    style.ScrollbarSize = metrics.min_target_px * 0.5F; // draggable with a finger
    style.GrabMinSize = metrics.min_target_px * 0.5F;
    style.FrameRounding = 6 * s;
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.FrameBorderSize = 2;
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0.10F, 0.10F, 0.10F, 1);
    c[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_TextDisabled] = ImVec4(0.62F, 0.62F, 0.62F, 1);
    c[ImGuiCol_Border] = ImVec4(0.85F, 0.85F, 0.85F, 1);
    c[ImGuiCol_Button] = ImVec4(0.12F, 0.39F, 0.78F, 1);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.18F, 0.47F, 0.88F, 1);
    c[ImGuiCol_ButtonActive] = ImVec4(0.30F, 0.60F, 1.0F, 1);
    c[ImGuiCol_FrameBg] = ImVec4(0.16F, 0.16F, 0.16F, 1);
    c[ImGuiCol_PlotLines] = ImVec4(1.0F, 0.78F, 0.31F, 1);
    c[ImGuiCol_PlotHistogram] = ImVec4(1.0F, 0.78F, 0.31F, 1);
    c[ImGuiCol_ScrollbarGrab] = ImVec4(0.7F, 0.7F, 0.7F, 1);
    ImGui::GetIO().KeyRepeatDelay = 0.5F; // held +/- repeats at 4 taps per second
    ImGui::GetIO().KeyRepeatRate = 0.25F;
}

} // namespace tg::hmi
