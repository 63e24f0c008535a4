#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {

void draw_clinician_runners(ScreenContext& ctx) {
    AppState& s = ctx.s;
    if (s.runners.empty() && !s.runners_loading && ctx.available) {
        s.runners_loading = true;
        ctx.api.request({{"cmd", "runners.list"}}, [st = &s](const ApiReply& r) {
            st->runners_loading = false;
            if (r.ok) st->runners = json_array(r.body, "runners");
        });
    }
    const float gap = ctx.ui.gap();
    const float w = ImGui::GetContentRegionAvail().x;
    const float button_w = ctx.ui.target() * 2.4F;
    for (const nlohmann::json& r : s.runners) {
        const std::string name = json_text(r, "name");
        if (name.empty()) continue;
        ImGui::PushStyleColor(ImGuiCol_ChildBg, name == s.runner ? 0xFF3A3A3A : colors::panel);
        ImGui::BeginChild(("card-" + name).c_str(), ImVec2(w, ctx.ui.target() * 1.5F), false,
                          ImGuiWindowFlags_NoScrollbar);
        ImGui::BeginGroup();
        text_in(ctx.ui.fonts.large, name);
        std::string line = number_text(json_number(r, "mass_kg"), 0) + " kg, profile " +
                           (json_text(r, "profile").empty() ? "none" : json_text(r, "profile")) +
                           ", cadence " + number_text(json_number(r, "preferred_cadence_spm"), 0) +
                           ", injury " + json_text(r, "injury_side");
        text_in(ctx.ui.fonts.body, line, colors::muted);
        ImGui::EndGroup();
        ImGui::SameLine(w - button_w - gap);
        const std::string id = "open:" + name;
        if (big_button(ctx.ui, id.c_str(), name == s.runner ? "Selected" : "Open",
                       ImVec2(button_w, ctx.ui.target() * 1.2F),
                       name == s.runner ? Tone::selected : Tone::normal, ctx.available)) {
            s.history.reset();
            ctx.send({{"cmd", "runner.select"}, {"name", name}},
                     [st = &s, name](const ApiReply& rep) {
                         st->runner = name;
                         st->plan = json_object(rep.body, "plan");
                         st->tab = ClinicianTab::caps;
                     });
        }
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
    wrapped_in(ctx.ui.fonts.body,
               "New runners are added with 'treadguard runners add' (names need a keyboard).",
               colors::muted);
}

} // namespace tg::hmi
