#pragma once
// Touch widgets: buttons never smaller than the 12 mm target and registered by name for
// the layout dump, a live gauge with its trend, and text helpers at the big sizes.
#include "hmi/logic/value_ring.hpp"
#include "hmi/ui/ui_context.hpp"

#include <imgui.h>
#include <optional>
#include <string>

namespace tg::hmi {

enum class Tone { normal, go, stop, warn, selected, quiet };

// A button of at least the touch-target size; `name` is its layout name and ImGui id.
bool big_button(UiContext& ui, const char* name, const std::string& label, ImVec2 size,
                Tone tone = Tone::normal, bool enabled = true, ImFont* font = nullptr);

// Text in a font and colour (0 = default text colour).
void text_in(ImFont* font, const std::string& text, ImU32 color = 0);
// Wrapped text across the available width.
void wrapped_in(ImFont* font, const std::string& text, ImU32 color = 0);
// A filled box with a title line and a big value line, for summary tiles.
void value_tile(UiContext& ui, const char* title, const std::string& value,
                const std::string& detail, ImVec2 size, ImU32 detail_color = 0);

struct GaugeSpec {
    const char* title = "";
    const char* unit = "";
    std::optional<double> value;
    std::optional<double> reference; // target or advisory
    const char* reference_name = "";
    double lo = 0.0, hi = 1.0;
    // Green when value is within `tolerance` of the reference (target), or below it
    // (advisory, tolerance < 0 means "lower is better").
    double tolerance = 0.0;
};
void gauge(UiContext& ui, const GaugeSpec& spec, const ValueRing& trend, ImVec2 size);

// "m:ss" for a duration in seconds.
std::string clock_text(double seconds);
// "8.4" with one decimal, or "—" when absent.
std::string number_text(std::optional<double> value, int decimals = 1);

} // namespace tg::hmi
