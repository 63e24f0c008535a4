#include "hmi/api/json_fields.hpp"
#include "hmi/feedback/feedback_settings.hpp"
#include "hmi/screens/plan_notices.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace tg::hmi {

std::string phase_kind_label(const std::string& kind) {
    if (kind == "warm_up_walk") return "Warm-up walk";
    if (kind == "run") return "Run";
    if (kind == "walk_run_intervals") return "Walk / run";
    if (kind == "cool_down") return "Cool-down walk";
    return kind;
}

namespace {

std::string phase_caps(const nlohmann::json& phase) {
    std::string text = number_text(json_number(phase, "speed_cap_kmh")) + " km/h, " +
                       clock_text(json_number(phase, "duration_cap_s").value_or(0));
    if (auto walk = json_number(phase, "walk_s"); walk && *walk > 0)
        text += "\nwalk " + clock_text(*walk) + " / run " +
                clock_text(json_number(phase, "run_s").value_or(0));
    if (auto cadence = json_number(phase, "cadence_target_spm"))
        text += "\ncadence " + number_text(cadence, 0);
    return text;
}

void phase_cards(ScreenContext& ctx, const nlohmann::json& phases, float height) {
    const std::size_t n = phases.size();
    if (n == 0) return;
    const float gap = ctx.ui.gap();
    const float width = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(n - 1)) /
                        static_cast<float>(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) ImGui::SameLine();
        const nlohmann::json& phase = phases[i];
        std::string title = json_text(phase, "label");
        if (title.empty()) title = phase_kind_label(json_text(phase, "kind"));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::panel);
        ImGui::BeginChild(("phase" + std::to_string(i)).c_str(), ImVec2(width, height), false,
                          ImGuiWindowFlags_NoScrollbar);
        text_in(ctx.ui.fonts.bold, title);
        text_in(ctx.ui.fonts.body, phase_caps(phase), colors::line_a);
        wrapped_in(ctx.ui.fonts.body, json_text(phase, "reason"), colors::muted);
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
}

// The runner's metronome sound and volume, chosen before the run (tap to cycle).
void sound_choices(ScreenContext& ctx) {
    AudioPrefs* sound = ctx.ui.sound;
    if (sound == nullptr) return;
    const ImVec2 size(ctx.ui.target() * 2.6F, ctx.ui.target());
    const auto click_index = static_cast<std::size_t>(sound->click);
    if (big_button(ctx.ui, "click-sound", std::string("Click: ") + audio::to_string(sound->click),
                   size))
        sound->click = audio::click_sounds[(click_index + 1) % std::size(audio::click_sounds)];
    ImGui::SameLine();
    const int percent = static_cast<int>(std::lround(sound->volume * 100.0));
    if (big_button(ctx.ui, "volume", "Volume " + std::to_string(percent) + "%", size))
        sound->volume = percent >= 100 ? 0.4 : std::min(1.0, sound->volume + 0.2);
}

void plan_details(ScreenContext& ctx, const nlohmann::json& plan) {
    const std::string decision = json_text(plan, "decision");
    text_in(ctx.ui.fonts.large,
            ctx.s.runner + ": " + (decision.empty() ? std::string("today") : decision));
    draw_plan_notices(ctx, plan);
    if (json_bool(plan, "rest_day").value_or(false)) {
        wrapped_in(ctx.ui.fonts.large, "Rest day today. No running.", colors::warn);
    } else {
        phase_cards(ctx, json_array(plan, "phases"), ctx.ui.target() * 3.2F);
    }
    text_in(ctx.ui.fonts.bold, "Why this plan");
    for (const nlohmann::json& reason : json_array(plan, "reasons"))
        if (reason.is_string())
            wrapped_in(ctx.ui.fonts.body, "\xE2\x80\x94 " + reason.get<std::string>());
    for (const nlohmann::json& advice : json_array(plan, "advisories"))
        if (advice.is_string())
            wrapped_in(ctx.ui.fonts.body, advice.get<std::string>(), colors::line_b);
    const std::string feedback = feedback_settings_from_plan(plan).reason;
    if (!feedback.empty()) wrapped_in(ctx.ui.fonts.body, "Feedback today: " + feedback);
    sound_choices(ctx);
}

} // namespace

void draw_plan(ScreenContext& ctx) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const float side = std::max(avail.x * 0.27F, ctx.ui.target() * 2.5F);
    ImGui::BeginChild("plan-details", ImVec2(avail.x - side - gap, avail.y), false);
    plan_details(ctx, ctx.s.plan);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const bool rest = json_bool(ctx.s.plan, "rest_day").value_or(false);
    const ControllerStatus* st = ctx.status();
    const bool can_start =
        st != nullptr && !rest && !has_latched_alarm(*st) && !blocks_start(ctx.s.plan);
    const float button_h = (avail.y - 2 * gap) / 4;
    if (big_button(ctx.ui, "start", "START", ImVec2(side, button_h * 2), Tone::go, can_start,
                   ctx.ui.fonts.huge))
        ctx.send({{"cmd", "start"}}, [s = &ctx.s](const ApiReply& r) {
            s->session_id = json_integer(r.body, "session_id");
            s->tally = {};
            s->cadence_trend.clear();
            s->valr_trend.clear();
            s->valr_baseline_sum = 0.0;
            s->valr_baseline_n = 0;
            s->screen = Screen::running;
            s->running_seen_s = s->clock_s;
        });
    if (big_button(ctx.ui, "checkin", "Morning\ncheck-in", ImVec2(side, button_h), Tone::normal,
                   ctx.available))
        ctx.s.screen = Screen::checkin;
    if (big_button(ctx.ui, "change-runner", "Change runner", ImVec2(side, button_h), Tone::quiet)) {
        ctx.s.runners = nlohmann::json::array();
        ctx.s.screen = Screen::runners;
    }
    ImGui::EndGroup();
}

} // namespace tg::hmi
