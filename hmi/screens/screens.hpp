#pragma once
// One function per screen; each draws into the content region below the top bar and
// the banners, and moves AppState::screen when the user navigates.
#include "hmi/screens/app_state.hpp"

#include <imgui.h>

namespace tg::hmi {

void draw_runner_select(ScreenContext& ctx);
void draw_plan(ScreenContext& ctx);
void draw_running(ScreenContext& ctx);
void draw_summary(ScreenContext& ctx);
void draw_checkin(ScreenContext& ctx);
void draw_pin_entry(ScreenContext& ctx);
void draw_clinician(ScreenContext& ctx);

// Tab bodies of the clinician screen.
void draw_clinician_runners(ScreenContext& ctx);
void draw_clinician_caps(ScreenContext& ctx);
void draw_clinician_history(ScreenContext& ctx);
void draw_clinician_devices(ScreenContext& ctx);
void draw_clinician_calibration(ScreenContext& ctx);
void draw_clinician_review(ScreenContext& ctx);

// A 3x4 keypad (1-9, '.', 0, backspace) filling `size`; returns true when OK was
// pressed (OK replaces '.' when the entry takes no decimals).
bool keypad(ScreenContext& ctx, const char* name, DigitEntry& entry, bool decimal, ImVec2 size);
// Human words for a plan phase kind ("warm_up_walk" -> "Warm-up walk").
std::string phase_kind_label(const std::string& kind);
// Asks the controller for today's plan of `runner` and shows the plan screen.
void select_runner(ScreenContext& ctx, const std::string& runner);

} // namespace tg::hmi
