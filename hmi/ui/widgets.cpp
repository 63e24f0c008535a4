#include "hmi/ui/widgets.hpp"

#include "hmi/ui/theme.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tg::hmi {
namespace {

ImVec4 tone_color(Tone tone) {
    switch (tone) {
    case Tone::go:
        return ImGui::ColorConvertU32ToFloat4(colors::go);
    case Tone::stop:
        return ImGui::ColorConvertU32ToFloat4(colors::stop);
    case Tone::warn:
        return ImGui::ColorConvertU32ToFloat4(colors::warn);
    case Tone::selected:
        return ImVec4(0.95F, 0.95F, 0.95F, 1);
    case Tone::quiet:
        return ImVec4(0.22F, 0.22F, 0.22F, 1);
    case Tone::normal:
        break;
    }
    return ImGui::ColorConvertU32ToFloat4(colors::action);
}

ImVec4 brighter(ImVec4 c, float by) {
    return ImVec4(std::min(1.0F, c.x + by), std::min(1.0F, c.y + by), std::min(1.0F, c.z + by), 1);
}

} // namespace

bool big_button(UiContext& ui, const char* name, const std::string& label, ImVec2 size, Tone tone,
                bool enabled, ImFont* font) {
    if (size.x < 0) size.x += ImGui::GetContentRegionAvail().x + 1; // ImGui's "fill" convention
    size.x = std::max(size.x, ui.target());
    size.y = std::max(size.y, ui.target());
    const ImVec4 base = tone_color(tone);
    const bool dark_text = tone == Tone::warn || tone == Tone::selected;
    ImGui::PushStyleColor(ImGuiCol_Button, base);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, brighter(base, 0.08F));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, brighter(base, 0.25F));
    ImGui::PushStyleColor(ImGuiCol_Text, dark_text ? ImVec4(0, 0, 0, 1) : ImVec4(1, 1, 1, 1));
    ImGui::PushFont(font != nullptr ? font : ui.fonts.bold);
    ImGui::BeginDisabled(!enabled);
    const std::string id = label + "##" + name;
    const bool pressed = ImGui::Button(id.c_str(), size);
    ImGui::EndDisabled();
    ImGui::PopFont();
    ImGui::PopStyleColor(4);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ui.layout.add(name, min.x, min.y, max.x - min.x, max.y - min.y, enabled);
    return pressed && enabled;
}

void text_in(ImFont* font, const std::string& text, ImU32 color) {
    if (font != nullptr) ImGui::PushFont(font);
    if (color != 0) ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text.c_str());
    if (color != 0) ImGui::PopStyleColor();
    if (font != nullptr) ImGui::PopFont();
}

void wrapped_in(ImFont* font, const std::string& text, ImU32 color) {
    ImGui::PushTextWrapPos(0.0F);
    text_in(font, text, color);
    ImGui::PopTextWrapPos();
}

void value_tile(UiContext& ui, const char* title, const std::string& value,
                const std::string& detail, ImVec2 size, ImU32 detail_color) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::panel);
    ImGui::BeginChild(title, size, false, ImGuiWindowFlags_NoScrollbar);
    text_in(ui.fonts.body, title, colors::muted);
    text_in(ui.fonts.large, value);
    if (!detail.empty()) wrapped_in(ui.fonts.body, detail, detail_color);
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void gauge(UiContext& ui, const GaugeSpec& spec, const ValueRing& trend, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::panel);
    ImGui::BeginChild(spec.title, size, false, ImGuiWindowFlags_NoScrollbar);
    const bool have = spec.value.has_value();
    bool good = true;
    if (have && spec.reference) {
        good = spec.tolerance < 0 ? *spec.value <= *spec.reference
                                  : std::abs(*spec.value - *spec.reference) <= spec.tolerance;
    }
    const ImU32 value_color = !have ? colors::muted : (good ? colors::good : colors::warn);
    text_in(ui.fonts.body, spec.title, colors::muted);
    ImGui::SameLine();
    const std::string ref =
        spec.reference ? std::string(spec.reference_name) + " " + number_text(spec.reference, 0)
                       : std::string("no ") + spec.reference_name;
    text_in(ui.fonts.body, ref, colors::muted);
    text_in(ui.fonts.large, number_text(spec.value, 0) + " " + spec.unit, value_color);

    // Bar: where the value sits between lo and hi, with the reference as a white mark.
    const float width = ImGui::GetContentRegionAvail().x;
    const float bar_h = ui.target() * 0.22F;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    auto x_of = [&](double v) {
        const double f = std::clamp((v - spec.lo) / (spec.hi - spec.lo), 0.0, 1.0);
        return p.x + static_cast<float>(f) * width;
    };
    draw->AddRectFilled(p, ImVec2(p.x + width, p.y + bar_h), 0xFF505050);
    if (have) draw->AddRectFilled(p, ImVec2(x_of(*spec.value), p.y + bar_h), value_color);
    if (spec.reference) {
        const float rx = x_of(*spec.reference);
        draw->AddLine(ImVec2(rx, p.y - 4), ImVec2(rx, p.y + bar_h + 4), colors::text, 4.0F);
    }
    ImGui::Dummy(ImVec2(width, bar_h + 4));

    const float plot_h = std::max(ImGui::GetContentRegionAvail().y, ui.target() * 0.4F);
    ImGui::PushStyleColor(ImGuiCol_PlotLines, value_color);
    const std::string plot_id = std::string("##trend-") + spec.title;
    ImGui::PlotLines(plot_id.c_str(), trend.data(), static_cast<int>(trend.size()),
                     static_cast<int>(trend.oldest()), nullptr, static_cast<float>(spec.lo),
                     static_cast<float>(spec.hi), ImVec2(width, plot_h));
    ImGui::PopStyleColor();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

std::string clock_text(double seconds) {
    const long total = std::lround(std::max(0.0, seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", total / 60, total % 60);
    return buf;
}

std::string number_text(std::optional<double> value, int decimals) {
    if (!value) return "\xE2\x80\x94"; // em dash
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *value);
    return buf;
}

} // namespace tg::hmi
