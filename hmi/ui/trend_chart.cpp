#include "hmi/ui/trend_chart.hpp"

#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace tg::hmi {
namespace {

struct Range {
    float lo = std::numeric_limits<float>::max();
    float hi = std::numeric_limits<float>::lowest();
    void take(float v) {
        if (!std::isfinite(v)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
};

Range value_range(const ChartSpec& spec) {
    Range r;
    for (const auto& s : spec.series)
        for (float v : s.values)
            r.take(v);
    for (const auto& b : spec.bands) {
        for (float v : b.low)
            r.take(v);
        for (float v : b.high)
            r.take(v);
    }
    for (const auto& ref : spec.references)
        r.take(ref.value);
    if (r.lo > r.hi) r = {0.0F, 1.0F};
    if (spec.zero_based) r.lo = std::min(r.lo, 0.0F);
    const float pad = std::max((r.hi - r.lo) * 0.08F, 0.5F);
    r.hi += pad;
    if (!spec.zero_based) r.lo -= pad;
    return r;
}

std::size_t point_count(const ChartSpec& spec) {
    std::size_t n = 0;
    for (const auto& s : spec.series)
        n = std::max(n, s.values.size());
    return n;
}

} // namespace

void trend_chart(UiContext& ui, const ChartSpec& spec, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::panel);
    ImGui::BeginChild(spec.title.c_str(), size, false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    text_in(ui.fonts.bold, spec.title);
    for (const auto& s : spec.series) {
        ImGui::SameLine();
        text_in(ui.fonts.body, "\xE2\x80\x94 " + s.name, s.color);
    }
    for (const auto& ref : spec.references) {
        ImGui::SameLine();
        text_in(ui.fonts.body, "-- " + ref.name, ref.color);
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float label_w = ImGui::CalcTextSize("0000").x;
    const float line_h = ImGui::GetTextLineHeight();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 p0(origin.x + label_w, origin.y + line_h * 0.5F);
    const ImVec2 p1(origin.x + avail.x - 4, origin.y + avail.y - line_h * 1.2F);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Range r = value_range(spec);
    const std::size_t n = point_count(spec);
    auto x_of = [&](std::size_t i) {
        return n <= 1 ? (p0.x + p1.x) / 2
                      : p0.x + (p1.x - p0.x) * static_cast<float>(i) / static_cast<float>(n - 1);
    };
    auto y_of = [&](float v) { return p1.y - (p1.y - p0.y) * (v - r.lo) / (r.hi - r.lo); };

    for (int g = 0; g <= 2; ++g) { // three grid lines with their values
        const float v = r.lo + (r.hi - r.lo) * static_cast<float>(g) / 2.0F;
        const float y = y_of(v);
        draw->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), 0xFF444444, 1.0F);
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.0f", static_cast<double>(v));
        draw->AddText(ImVec2(origin.x, y - line_h * 0.5F), colors::muted, buf);
    }
    for (const auto& b : spec.bands)
        for (std::size_t i = 0; i + 1 < std::min(b.low.size(), b.high.size()); ++i)
            draw->AddQuadFilled(ImVec2(x_of(i), y_of(b.low[i])),
                                ImVec2(x_of(i + 1), y_of(b.low[i + 1])),
                                ImVec2(x_of(i + 1), y_of(b.high[i + 1])),
                                ImVec2(x_of(i), y_of(b.high[i])), b.color);
    for (const auto& ref : spec.references)
        draw->AddLine(ImVec2(p0.x, y_of(ref.value)), ImVec2(p1.x, y_of(ref.value)), ref.color,
                      3.0F);
    const float bar_w = n == 0 ? 0 : std::max(4.0F, (p1.x - p0.x) / static_cast<float>(n) * 0.6F);
    for (const auto& s : spec.series) {
        for (std::size_t i = 0; i < s.values.size(); ++i) {
            const ImVec2 pt(x_of(i), y_of(s.values[i]));
            if (s.bars) {
                draw->AddRectFilled(ImVec2(pt.x - bar_w / 2, pt.y),
                                    ImVec2(pt.x + bar_w / 2, y_of(r.lo)), s.color);
                continue;
            }
            if (i + 1 < s.values.size())
                draw->AddLine(pt, ImVec2(x_of(i + 1), y_of(s.values[i + 1])), s.color, 3.0F);
            draw->AddCircleFilled(pt, 5.0F, s.color);
        }
    }
    draw->AddText(ImVec2(p0.x, p1.y + 2), colors::muted, spec.first_label.c_str());
    const float last_w = ImGui::CalcTextSize(spec.last_label.c_str()).x;
    draw->AddText(ImVec2(p1.x - last_w, p1.y + 2), colors::muted, spec.last_label.c_str());
    if (n == 0) draw->AddText(ImVec2(p0.x + 10, p0.y + 10), colors::muted, "no data yet");
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

} // namespace tg::hmi
