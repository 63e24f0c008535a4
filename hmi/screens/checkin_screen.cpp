#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {
namespace {

void question(ScreenContext& ctx, const char* name, const char* text, std::optional<bool>& answer,
              ImVec2 button) {
    ImGui::AlignTextToFramePadding();
    ImGui::BeginGroup();
    text_in(ctx.ui.fonts.large, text);
    ImGui::EndGroup();
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - 2 * button.x - ctx.ui.gap() +
                    ImGui::GetStyle().WindowPadding.x);
    const std::string yes = std::string(name) + "-yes";
    const std::string no = std::string(name) + "-no";
    if (big_button(ctx.ui, yes.c_str(), "Yes", button,
                   answer == std::optional<bool>(true) ? Tone::selected : Tone::quiet, true,
                   ctx.ui.fonts.large))
        answer = true;
    ImGui::SameLine();
    if (big_button(ctx.ui, no.c_str(), "No", button,
                   answer == std::optional<bool>(false) ? Tone::selected : Tone::quiet, true,
                   ctx.ui.fonts.large))
        answer = false;
}

} // namespace

void draw_checkin(ScreenContext& ctx) {
    AppState& s = ctx.s;
    text_in(ctx.ui.fonts.large, "Morning check-in" + (s.runner.empty() ? "" : ": " + s.runner));
    wrapped_in(ctx.ui.fonts.body,
               "Answer the morning after running. Any 'yes' means a rest day or an easier plan.",
               colors::muted);
    const float gap = ctx.ui.gap();
    const ImVec2 button(ctx.ui.target() * 1.6F, ctx.ui.target());
    question(ctx, "pain", "More knee pain than usual?", s.checkin_pain, button);
    question(ctx, "swelling", "Any swelling?", s.checkin_swelling, button);
    question(ctx, "stiffness", "Stiff knee?", s.checkin_stiffness, button);
    const bool complete = s.checkin_pain && s.checkin_swelling && s.checkin_stiffness;
    const float w = (ImGui::GetContentRegionAvail().x - gap) / 2;
    if (big_button(ctx.ui, "checkin-back", "Back", ImVec2(w, 0), Tone::quiet))
        s.screen = s.runner.empty() ? Screen::runners : Screen::plan;
    ImGui::SameLine();
    if (big_button(ctx.ui, "checkin-save", "Save check-in", ImVec2(w, 0), Tone::go,
                   complete && ctx.available && !s.runner.empty()))
        ctx.send({{"cmd", "checkin"},
                  {"runner", s.runner},
                  {"pain_above_baseline", *s.checkin_pain},
                  {"swelling", *s.checkin_swelling},
                  {"stiffness", *s.checkin_stiffness}},
                 [st = &s](const ApiReply&) {
                     st->tell("Check-in saved");
                     st->screen = Screen::runners;
                     st->runners = nlohmann::json::array();
                 });
}

} // namespace tg::hmi
