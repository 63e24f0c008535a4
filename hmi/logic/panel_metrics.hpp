#pragma once
// Sizes on screen in physical units. Touch targets must be at least 12 mm; pixels per mm
// depend on the panel, which the HMI cannot measure (X servers and Xvfb report made-up
// DPI), so the diagonal is assumed from the resolution of the common panels:
//   800x480 -> 7.0"  (133 DPI, 12 mm = 63 px)
//   1024x600 -> 7.0" (170 DPI, 12 mm = 80 px)
//   1280x800 -> 10.1" (149 DPI, 12 mm = 71 px)
// anything else -> 133 DPI scaled by height/480. --diagonal overrides the assumption.
#include <optional>

namespace tg::hmi {

struct PanelMetrics {
    int width_px = 0;
    int height_px = 0;
    double dpi = 133.0;
    float min_target_px = 63.0F; // 12 mm
    float scale = 1.0F;          // layout scale relative to the 800x480 design
    float font_body_px = 22.0F;
    float font_large_px = 34.0F;
    float font_huge_px = 64.0F;
};

double assumed_diagonal_in(int width_px, int height_px);
PanelMetrics panel_metrics(int width_px, int height_px, std::optional<double> diagonal_in = {});
float mm_to_px(double mm, double dpi);

} // namespace tg::hmi
