#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {
namespace {

// A number from the session record under any of the names the store and the daemon use.
std::optional<double> session_number(const nlohmann::json& session, const char* key) {
    if (auto v = json_number(session, key)) return v;
    if (auto v = json_number(json_object(session, "totals"), key)) return v;
    return json_number(json_object(session, "steps"), key);
}

std::string compare(std::optional<double> today, std::optional<double> before, int decimals,
                    const char* unit) {
    if (!before) return "no earlier session";
    std::string text = "last time " + number_text(before, decimals) + unit;
    if (today) {
        const double d = *today - *before;
        text += d > 0 ? "  \xE2\x96\xB2" : (d < 0 ? "  \xE2\x96\xBC" : "  =");
    }
    return text;
}

} // namespace

void draw_summary(ScreenContext& ctx) {
    const nlohmann::json& session = json_object(ctx.s.summary, "session");
    const nlohmann::json& before = ctx.s.previous;
    const SessionTally& tally = ctx.s.tally;
    const std::string reason = json_text(session, "end_reason");
    const bool cut_short = reason.rfind("fault", 0) == 0 || reason.rfind("emergency", 0) == 0;
    text_in(ctx.ui.fonts.large, std::string(cut_short ? "Session stopped" : "Well done") +
                                    (ctx.s.runner.empty() ? "" : ", " + ctx.s.runner));
    if (!reason.empty()) {
        ImGui::SameLine();
        text_in(ctx.ui.fonts.body, "ended: " + reason, colors::muted);
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const ImVec2 tile((avail.x - gap) / 2, (avail.y - ctx.ui.target() * 1.2F - 2 * gap) / 2);

    std::optional<double> limit_s = session_number(session, "pain_free_limit_s");
    std::optional<double> limit_kmh = session_number(session, "pain_free_limit_kmh");
    if (!limit_s && tally.limit) limit_s = tally.limit->time_s;
    if (!limit_kmh && tally.limit) limit_kmh = tally.limit->speed_kmh;
    const std::string limit = limit_s
                                  ? clock_text(*limit_s) + " at " + number_text(limit_kmh) + " km/h"
                                  : std::string("not reached");
    value_tile(ctx.ui, "Pain-free limit today", limit,
               compare(limit_s, session_number(before, "pain_free_limit_s"), 0, " s"), tile,
               colors::muted);
    ImGui::SameLine();
    std::optional<double> steps = json_number(ctx.s.summary, "steps_count");
    if (!steps) steps = session_number(session, "step_count");
    value_tile(ctx.ui, "Steps", number_text(steps, 0),
               compare(steps, session_number(before, "step_count"), 0, ""), tile, colors::muted);
    std::optional<double> cadence = session_number(session, "mean_cadence_spm");
    if (!cadence && tally.cadence_count > 0) cadence = tally.cadence_sum / tally.cadence_count;
    value_tile(ctx.ui, "Cadence", number_text(cadence, 0) + " steps/min",
               compare(cadence, session_number(before, "mean_cadence_spm"), 0, ""), tile,
               colors::muted);
    ImGui::SameLine();
    std::optional<double> impact = session_number(session, "max_valr_bw_s");
    if (!impact && tally.valr_count > 0) impact = tally.valr_max;
    value_tile(ctx.ui, "Impact (peak loading rate)", number_text(impact, 0) + " BW/s",
               compare(impact, session_number(before, "max_valr_bw_s"), 0, ""), tile,
               impact && *impact > 66 ? colors::warn : colors::muted);
    const ImVec2 button((avail.x - gap) / 2, ctx.ui.target() * 1.1F);
    if (big_button(ctx.ui, "to-checkin", "Next-day check-in", button, Tone::normal))
        ctx.s.screen = Screen::checkin;
    ImGui::SameLine();
    if (big_button(ctx.ui, "summary-done", "Done", button, Tone::go)) {
        ctx.s.runners = nlohmann::json::array();
        ctx.s.screen = Screen::runners;
    }
}

} // namespace tg::hmi
