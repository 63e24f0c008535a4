#pragma once
// What every widget needs: the panel's physical metrics, the loaded fonts and the
// registry of named buttons for the test layout dump.
#include "hmi/feedback/audio_prefs.hpp"
#include "hmi/logic/layout_registry.hpp"
#include "hmi/logic/panel_metrics.hpp"

struct ImFont;

namespace tg::hmi {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* large = nullptr;
    ImFont* huge = nullptr;
};

struct UiContext {
    PanelMetrics metrics;
    Fonts fonts;
    LayoutRegistry layout;
    AudioPrefs* sound = nullptr; // the biofeedback's, changed by the sound buttons
    float target() const { return metrics.min_target_px; }
    float gap() const { return metrics.min_target_px * 0.12F; }
};

} // namespace tg::hmi
