#include "hmi/ui/loading_bar.hpp"

#include "hmi/feedback/loading_rate_band.hpp"
#include "hmi/ui/theme.hpp"

#include <algorithm>
#include <cstdio>

namespace tg::hmi {
namespace {

ImU32 band_color(LoadingBand band) {
    switch (band) {
    case LoadingBand::green:
        return colors::go;
    case LoadingBand::amber:
        return colors::warn;
    case LoadingBand::red:
        return colors::stop;
    }
    return colors::panel;
}

} // namespace

void loading_bar(UiContext& ui, std::optional<double> valr, std::optional<double> baseline,
                 double advisory, ImVec2 size) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const double scale_max = advisory * 1.5;
    auto x_of = [&](double v) {
        return p0.x + size.x * static_cast<float>(std::clamp(v / scale_max, 0.0, 1.0));
    };
    const double amber_from = baseline && *baseline > 0 ? std::min(*baseline, advisory)
                                                        : advisory * amber_share_of_advisory;
    const float y1 = p0.y + size.y;
    draw->AddRectFilled(p0, ImVec2(x_of(amber_from), y1), colors::panel);
    draw->AddRectFilled(ImVec2(x_of(amber_from), p0.y), ImVec2(x_of(advisory), y1), 0xFF204060);
    draw->AddRectFilled(ImVec2(x_of(advisory), p0.y), ImVec2(p0.x + size.x, y1), 0xFF202060);
    std::string label = "Loading rate  -";
    if (valr) {
        const LoadingBand band = loading_band(*valr, baseline, advisory);
        draw->AddRectFilled(p0, ImVec2(x_of(*valr), y1), band_color(band));
        const float mx = x_of(*valr);
        draw->AddRectFilled(ImVec2(mx - 3, p0.y - 2), ImVec2(mx + 3, y1 + 2), colors::text);
        char text[64];
        std::snprintf(text, sizeof text, "Loading rate %.0f BW/s", *valr);
        label = text;
        ui.layout.text("loading-band", to_string(band));
    }
    ImGui::PushFont(ui.fonts.bold);
    const float th = ImGui::GetTextLineHeight();
    draw->AddText(ImVec2(p0.x + ui.gap(), p0.y + (size.y - th) / 2), colors::text, label.c_str());
    ImGui::PopFont();
    ImGui::Dummy(size);
}

} // namespace tg::hmi
