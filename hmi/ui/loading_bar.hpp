#pragma once
// The loading-rate feedback bar: the last step's loading rate as a marker on a scale coloured
// green (below the runner's baseline), amber (baseline to advisory) and red (above the
// advisory), the whole bar lit in the current band's colour so it reads from the belt.
#include "hmi/ui/ui_context.hpp"

#include <imgui.h>
#include <optional>

namespace tg::hmi {

void loading_bar(UiContext& ui, std::optional<double> valr_bw_s, std::optional<double> baseline,
                 double advisory_bw_s, ImVec2 size);

} // namespace tg::hmi
