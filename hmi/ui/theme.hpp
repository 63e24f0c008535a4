#pragma once
// High-contrast look for a treadmill console read at arm's length: white on black,
// saturated colours with a fixed meaning (red stop, green go, amber warning).
#include "hmi/ui/ui_context.hpp"

#include <string>

namespace tg::hmi {

namespace colors {
constexpr unsigned int background = 0xFF000000; // ImU32 is ABGR
constexpr unsigned int panel = 0xFF262626;
constexpr unsigned int text = 0xFFFFFFFF;
constexpr unsigned int muted = 0xFFC8C8C8;
constexpr unsigned int stop = 0xFF0000D8;
constexpr unsigned int go = 0xFF2E8B1A;
constexpr unsigned int action = 0xFFC8641E;
constexpr unsigned int warn = 0xFF00B4FF;
constexpr unsigned int good = 0xFF50DC50;
constexpr unsigned int line_a = 0xFFFFC850;
constexpr unsigned int line_b = 0xFF50B4FF;
constexpr unsigned int pain = 0xFFC85AB4; // the pain-check cue's band (violet)
} // namespace colors

// Loads DejaVu Sans (regular and bold) at the panel's sizes; throws std::runtime_error
// naming the missing file.
Fonts load_fonts(const PanelMetrics& metrics, const std::string& font_dir);
void apply_theme(const PanelMetrics& metrics);

} // namespace tg::hmi
