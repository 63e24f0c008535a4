#pragma once
// The plan's requests of people (escalation, clinician prompt, cadence flag, entry checks),
// drawn above the plan; and whether they hold the START button back.
#include "hmi/screens/app_state.hpp"

#include <nlohmann/json.hpp>

namespace tg::hmi {

bool entry_checks_open(const nlohmann::json& plan);
// A review pending or an entry check open: the daemon would refuse start, so START is off.
bool blocks_start(const nlohmann::json& plan);
void draw_plan_notices(ScreenContext& ctx, const nlohmann::json& plan);

} // namespace tg::hmi
