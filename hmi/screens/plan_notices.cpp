// What the protocol asks of people before a run, shown above the plan: an escalation that
// only a clinician can clear, a clinician prompt (missed check-ins), a cadence baseline too
// high for automatic cues, and the entry checks of a first run. The runner answers the checks
// asked of them here; the clinician's are answered on the clinician's Review tab (PIN).
#include "hmi/screens/plan_notices.hpp"

#include "hmi/api/json_fields.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {

namespace {

void banner(ScreenContext& ctx, const char* name, const std::string& text, ImU32 color) {
    ctx.ui.layout.text(name, text);
    wrapped_in(ctx.ui.fonts.large, text, color);
}

void runner_answer(ScreenContext& ctx, const nlohmann::json& check, ImVec2 button) {
    const std::string id = json_text(check, "id");
    for (const bool passed : {true, false}) {
        ImGui::SameLine();
        const std::string name = "entry-" + id + (passed ? "-yes" : "-no");
        if (!big_button(ctx.ui, name.c_str(), passed ? "Yes" : "No", button, Tone::quiet,
                        ctx.available))
            continue;
        AppState* s = &ctx.s;
        ctx.send(
            {{"cmd", "entry_check"}, {"runner", s->runner}, {"check_id", id}, {"passed", passed}},
            [s](const ApiReply& r) {
                s->plan["entry_checks"] = json_array(r.body, "entry_checks");
                if (!blocks_start(s->plan)) s->tell("Entry checks passed");
            });
    }
}

} // namespace

bool entry_checks_open(const nlohmann::json& plan) {
    for (const nlohmann::json& check : json_array(plan, "entry_checks"))
        if (!json_bool(check, "passed").value_or(false)) return true;
    return false;
}

bool blocks_start(const nlohmann::json& plan) {
    return json_bool(plan, "clinician_review_needed").value_or(false) || entry_checks_open(plan);
}

void draw_plan_notices(ScreenContext& ctx, const nlohmann::json& plan) {
    if (json_bool(plan, "clinician_review_needed").value_or(false))
        banner(ctx, "plan-review",
               "Clinician review needed: " + json_text(plan, "review_reason") +
                   ". No run until a clinician clears it.",
               colors::stop);
    if (const std::string prompt = json_text(plan, "clinician_prompt"); !prompt.empty())
        banner(ctx, "plan-prompt", prompt, colors::warn);
    if (json_bool(plan, "cadence_baseline_above_cue_limit").value_or(false))
        banner(ctx, "plan-cadence-flag",
               "Cadence baseline " + number_text(json_number(plan, "cadence_baseline_spm"), 0) +
                   " steps/min is above 170: no automatic cadence cue; the clinician decides.",
               colors::warn);
    const nlohmann::json checks = json_array(plan, "entry_checks");
    if (checks.empty()) return;
    text_in(ctx.ui.fonts.bold, "Before the first run");
    const ImVec2 button(ctx.ui.target() * 1.4F, ctx.ui.target() * 0.9F);
    for (const nlohmann::json& check : checks) {
        const bool passed = json_bool(check, "passed").value_or(false);
        const bool runner_asked = json_text(check, "asked_of") == "runner";
        const std::string line = std::string(passed ? "\xE2\x9C\x93 " : "\xE2\x80\xA2 ") +
                                 json_text(check, "question") +
                                 (passed || runner_asked ? "" : "  (clinician: Review tab)");
        ctx.ui.layout.text("entry-" + json_text(check, "id"), line);
        ImGui::AlignTextToFramePadding();
        text_in(ctx.ui.fonts.body, line, passed ? colors::good : colors::text);
        if (!passed && runner_asked) runner_answer(ctx, check, button);
    }
}

} // namespace tg::hmi
