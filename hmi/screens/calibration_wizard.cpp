#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {
namespace {

// API.md: plate.tare averages the empty deck; plate.calibrate solves the gain from a known
// mass. Both need the clinician PIN, are audited, and are answered when the plate is done.
constexpr const char* tare_cmd = "plate.tare";
constexpr const char* weight_cmd = "plate.calibrate";

void send_step(ScreenContext& ctx, nlohmann::json cmd, int next_step) {
    AppState* s = &ctx.s;
    ctx.api.request(std::move(cmd), [s, next_step](const ApiReply& r) {
        if (r.ok) {
            s->calibration_step = next_step;
            s->calibration_result = r.body.dump(1);
            return;
        }
        s->calibration_result = r.error_code == "unknown_command"
                                    ? "This controller does not know the calibration commands "
                                      "(plate.tare, plate.calibrate): update it."
                                    : reply_error_text(r);
    });
}

} // namespace

void draw_clinician_calibration(ScreenContext& ctx) {
    AppState& s = ctx.s;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const float pad_w = std::min(avail.x * 0.38F, ctx.ui.target() * 4.5F);
    const bool moving = ctx.status() && belt_may_move(ctx.status()->state);
    ImGui::BeginChild("calibration-left", ImVec2(avail.x - pad_w - gap, avail.y), false);
    static const char* const titles[] = {"1. Zero (tare)", "2. Known weight", "3. Done"};
    text_in(ctx.ui.fonts.large, titles[std::min(s.calibration_step, 2)]);
    if (moving) wrapped_in(ctx.ui.fonts.large, "Stop the belt before calibrating.", colors::warn);
    if (s.calibration_step == 0) {
        wrapped_in(ctx.ui.fonts.body,
                   "Nobody on the deck, belt stopped. Press Tare to zero all cells.");
        if (big_button(ctx.ui, "cal-tare", "Tare", ImVec2(-1, 0), Tone::normal,
                       ctx.available && !moving))
            send_step(ctx, {{"cmd", tare_cmd}, {"pin", s.clinician_pin}}, 1);
    } else if (s.calibration_step == 1) {
        wrapped_in(ctx.ui.fonts.body,
                   "Place a known weight in the middle of the deck and type its mass in kg.");
        const auto kg = s.calibration_kg.value_in(1.0, 300.0);
        text_in(ctx.ui.fonts.large,
                (s.calibration_kg.text().empty() ? "-" : s.calibration_kg.text()) + " kg",
                kg ? colors::good : colors::warn);
        if (big_button(ctx.ui, "cal-weight", "Calibrate", ImVec2(-1, 0), Tone::go,
                       kg.has_value() && ctx.available && !moving))
            send_step(ctx, {{"cmd", weight_cmd}, {"pin", s.clinician_pin}, {"mass_kg", *kg}}, 2);
    } else if (big_button(ctx.ui, "cal-again", "Start again", ImVec2(-1, 0), Tone::quiet)) {
        s.calibration_step = 0;
        s.calibration_kg.clear();
        s.calibration_result.clear();
    }
    if (!s.calibration_result.empty())
        wrapped_in(ctx.ui.fonts.body, s.calibration_result, colors::line_b);
    ImGui::EndChild();
    ImGui::SameLine();
    keypad(ctx, "cal", s.calibration_kg, true, ImVec2(pad_w, avail.y - gap));
}

} // namespace tg::hmi
