// The clinician's Review tab: clears "clinician review needed" with a reason, answers the
// entry checks of a first run, and mutes the runner's metronome. Every request carries the
// PIN; the daemon checks, stores and audits it, and the plan shown is fetched again after.
#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

#include <array>

namespace tg::hmi {

namespace {

// Reasons a clinician gives on a touchscreen without a keyboard; each is audited as given.
constexpr std::array<const char*, 3> review_reasons{
    "Seen in clinic: symptoms settled, planning may go on",
    "Spoke with the runner: pain settled, planning may go on",
    "Reviewed: plan adjusted, planning may go on"};

void refresh_plan(AppState* s, ApiClient& api) {
    api.request({{"cmd", "runner.select"}, {"name", s->runner}}, [s](const ApiReply& r) {
        if (r.ok) s->plan = json_object(r.body, "plan");
    });
}

void escalation(ScreenContext& ctx) {
    AppState& s = ctx.s;
    if (!json_bool(s.plan, "clinician_review_needed").value_or(false)) {
        text_in(ctx.ui.fonts.body, "No clinician review is pending.", colors::muted);
        return;
    }
    const std::string reason = json_text(s.plan, "review_reason");
    ctx.ui.layout.text("review-reason", reason);
    wrapped_in(ctx.ui.fonts.large, "Clinician review needed: " + reason, colors::stop);
    const ImVec2 choice(ImGui::GetContentRegionAvail().x, ctx.ui.target() * 0.9F);
    for (std::size_t i = 0; i < review_reasons.size(); ++i) {
        const std::string name = "review-why-" + std::to_string(i);
        if (big_button(ctx.ui, name.c_str(), review_reasons[i], choice,
                       s.review_why == static_cast<int>(i) ? Tone::selected : Tone::quiet))
            s.review_why = static_cast<int>(i);
    }
    if (!big_button(ctx.ui, "review-clear", "Clear the review", ImVec2(choice.x, 0), Tone::go,
                    s.review_why >= 0 && ctx.available))
        return;
    AppState* st = &s;
    ApiClient* api = &ctx.api;
    ctx.send({{"cmd", "review.clear"},
              {"pin", s.clinician_pin},
              {"why", review_reasons[static_cast<std::size_t>(s.review_why)]},
              {"runner", s.runner}},
             [st, api](const ApiReply&) {
                 st->review_why = -1;
                 st->tell("Review cleared: planning goes on");
                 refresh_plan(st, *api);
             });
}

void entry_checks(ScreenContext& ctx) {
    AppState& s = ctx.s;
    const nlohmann::json checks = json_array(s.plan, "entry_checks");
    if (checks.empty()) return;
    text_in(ctx.ui.fonts.bold, "Entry checks of the first run");
    const ImVec2 button(ctx.ui.target() * 1.4F, ctx.ui.target() * 0.9F);
    for (const nlohmann::json& check : checks) {
        const std::string id = json_text(check, "id");
        const bool passed = json_bool(check, "passed").value_or(false);
        ImGui::AlignTextToFramePadding();
        text_in(ctx.ui.fonts.body,
                std::string(passed ? "\xE2\x9C\x93 " : "\xE2\x80\xA2 ") +
                    json_text(check, "question") + " (" + json_text(check, "asked_of") + ")",
                passed ? colors::good : colors::text);
        for (const bool answer : {true, false}) {
            ImGui::SameLine();
            const std::string name = "review-entry-" + id + (answer ? "-yes" : "-no");
            if (!big_button(ctx.ui, name.c_str(), answer ? "Yes" : "No", button, Tone::quiet,
                            ctx.available))
                continue;
            AppState* st = &s;
            ctx.send({{"cmd", "entry_check"},
                      {"runner", s.runner},
                      {"check_id", id},
                      {"passed", answer},
                      {"pin", s.clinician_pin}},
                     [st](const ApiReply& r) {
                         st->plan["entry_checks"] = json_array(r.body, "entry_checks");
                     });
        }
    }
}

void metronome_mute(ScreenContext& ctx) {
    AppState& s = ctx.s;
    bool muted = false;
    for (const nlohmann::json& r : s.runners)
        if (json_text(r, "name") == s.runner)
            muted = json_bool(r, "metronome_muted").value_or(false);
    const std::string label = muted ? "Metronome muted by the clinician: unmute"
                                    : "Metronome on: mute it for this runner";
    ctx.ui.layout.text("review-metronome", muted ? "muted" : "on");
    if (!big_button(ctx.ui, "review-metronome", label, ImVec2(ImGui::GetContentRegionAvail().x, 0),
                    Tone::normal, ctx.available))
        return;
    AppState* st = &s;
    ctx.send({{"cmd", "runners.update"},
              {"pin", s.clinician_pin},
              {"why", muted ? "clinician unmuted the metronome on the treadmill"
                            : "clinician muted the metronome on the treadmill"},
              {"runner", s.runner},
              {"metronome_muted", !muted}},
             [st](const ApiReply&) {
                 st->runners = nlohmann::json::array(); // the list is fetched again
             });
}

} // namespace

void draw_clinician_review(ScreenContext& ctx) {
    if (ctx.s.runner.empty()) {
        wrapped_in(ctx.ui.fonts.large, "Open a runner on the Runners tab first.");
        return;
    }
    text_in(ctx.ui.fonts.large, "Review: " + ctx.s.runner);
    escalation(ctx);
    if (const std::string prompt = json_text(ctx.s.plan, "clinician_prompt"); !prompt.empty())
        wrapped_in(ctx.ui.fonts.body, prompt, colors::warn);
    entry_checks(ctx);
    metronome_mute(ctx);
}

} // namespace tg::hmi
