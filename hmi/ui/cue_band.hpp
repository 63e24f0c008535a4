#pragma once
// The visual side of every cue, for runners who cannot hear it: a colour band around the
// screen edge and the cue's words in a pill at the top centre, drawn over everything.
#include "hmi/ui/ui_context.hpp"

#include <cstdint>
#include <string>

namespace tg::hmi {

void draw_cue_band(UiContext& ui, std::uint32_t abgr, const std::string& text, float width,
                   float height);

} // namespace tg::hmi
