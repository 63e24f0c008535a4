#include "hmi/logic/panel_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace tg::hmi {
namespace {

constexpr double min_target_mm = 12.0;
constexpr double design_height_px = 480.0;

} // namespace

float mm_to_px(double mm, double dpi) {
    return static_cast<float>(std::ceil(mm / 25.4 * dpi));
}

double assumed_diagonal_in(int width_px, int height_px) {
    if (width_px == 800 && height_px == 480) return 7.0;
    if (width_px == 1024 && height_px == 600) return 7.0;
    if (width_px == 1280 && height_px == 800) return 10.1;
    // Unknown panel: keep 133 DPI at 480 lines and scale the diagonal with the height.
    const double diag_px = std::hypot(width_px, height_px);
    return diag_px / (133.0 * std::max(1.0, height_px / design_height_px));
}

PanelMetrics panel_metrics(int width_px, int height_px, std::optional<double> diagonal_in) {
    PanelMetrics m;
    m.width_px = std::max(width_px, 1);
    m.height_px = std::max(height_px, 1);
    const double diag = diagonal_in.value_or(assumed_diagonal_in(m.width_px, m.height_px));
    m.dpi = std::hypot(m.width_px, m.height_px) / std::max(diag, 1.0);
    m.min_target_px = mm_to_px(min_target_mm, m.dpi);
    // Layout follows the pixel size of the panel (what fits), fonts follow the physical
    // size (what is readable) but never outgrow the layout.
    m.scale = static_cast<float>(std::min(m.width_px / 800.0, m.height_px / design_height_px));
    const float font_scale = std::min(m.scale, static_cast<float>(m.dpi / 133.0));
    const float f = std::max(font_scale, 1.0F);
    m.font_body_px = std::round(22.0F * f);
    m.font_large_px = std::round(32.0F * f);
    m.font_huge_px = std::round(60.0F * f);
    // Targets grow with the layout as well so a big panel is not all tiny buttons.
    m.min_target_px = std::max(m.min_target_px, std::round(63.0F * m.scale));
    return m;
}

} // namespace tg::hmi
