#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {

void select_runner(ScreenContext& ctx, const std::string& runner) {
    AppState* s = &ctx.s;
    ctx.send({{"cmd", "runner.select"}, {"name", runner}}, [s, runner](const ApiReply& r) {
        s->runner = runner;
        s->plan = json_object(r.body, "plan");
        s->checkin_pain.reset();
        s->checkin_swelling.reset();
        s->checkin_stiffness.reset();
        s->screen = Screen::plan;
    });
}

namespace {

void load_runners(ScreenContext& ctx) {
    if (ctx.s.runners_loading || !ctx.available) return;
    ctx.s.runners_loading = true;
    AppState* s = &ctx.s;
    ctx.api.request({{"cmd", "runners.list"}}, [s](const ApiReply& r) {
        s->runners_loading = false;
        if (r.ok) s->runners = json_array(r.body, "runners");
    });
}

} // namespace

void draw_runner_select(ScreenContext& ctx) {
    if (ctx.s.runners.empty()) load_runners(ctx);
    text_in(ctx.ui.fonts.large, "Who is running today?");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const ImVec2 tile((avail.x - gap) / 2, ctx.ui.target() * 1.35F);
    int shown = 0;
    for (const nlohmann::json& runner : ctx.s.runners) {
        const std::string name = json_text(runner, "name");
        if (name.empty()) continue;
        if (shown % 2 == 1) ImGui::SameLine();
        std::string label = name;
        const std::string profile = json_text(runner, "profile");
        if (!profile.empty()) label += "\n" + profile;
        const std::string id = "runner:" + name;
        if (big_button(ctx.ui, id.c_str(), label, tile, Tone::normal, ctx.available,
                       ctx.ui.fonts.large))
            select_runner(ctx, name);
        ++shown;
    }
    if (shown == 0)
        wrapped_in(ctx.ui.fonts.body,
                   ctx.available ? "No runners yet. A clinician adds runners with "
                                   "'treadguard runners add'."
                                 : "Waiting for the controller...",
                   colors::muted);
    if (big_button(ctx.ui, "refresh-runners", "Refresh", ImVec2(tile.x * 0.6F, 0), Tone::quiet,
                   ctx.available)) {
        ctx.s.runners = nlohmann::json::array();
        load_runners(ctx);
    }
}

} // namespace tg::hmi
