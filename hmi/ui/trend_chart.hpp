#pragma once
// A history chart drawn with the draw list: several series over sessions or weeks, an
// optional allowed band (e.g. weekly volume +30%), and horizontal reference lines.
#include "hmi/ui/ui_context.hpp"

#include <imgui.h>
#include <string>
#include <vector>

namespace tg::hmi {

struct ChartSeries {
    std::string name;
    std::vector<float> values;
    ImU32 color = 0xFFFFFFFF;
    bool bars = false;
};

struct ChartBand {
    std::string name;
    std::vector<float> low, high; // same length as the series
    ImU32 color = 0x40FFFFFF;
};

struct ChartReference {
    std::string name;
    float value = 0.0F;
    ImU32 color = 0xFFFFFFFF;
};

struct ChartSpec {
    std::string title;
    std::string unit;
    std::vector<ChartSeries> series;
    std::vector<ChartBand> bands;
    std::vector<ChartReference> references;
    std::string first_label, last_label; // under the x axis
    bool zero_based = true;
};

void trend_chart(UiContext& ui, const ChartSpec& spec, ImVec2 size);

} // namespace tg::hmi
