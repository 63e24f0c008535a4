#include "hmi/feedback/feedback_engine.hpp"
#include "hmi/feedback/feedback_settings.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/loading_bar.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

#include <algorithm>
#include <cmath>

namespace tg::hmi {
namespace {

constexpr double speed_step_kmh = 0.1;
constexpr double speed_min_kmh = 0.5;

// The speed the runner last asked for: our own request until the status catches up.
double requested_speed(const ScreenContext& ctx, const ControllerStatus& st) {
    if (ctx.s.speed_request_kmh >= 0 && ctx.now_s - ctx.s.speed_request_at_s < 2.0)
        return ctx.s.speed_request_kmh;
    return st.requested_kmh.value_or(st.commanded_kmh.value_or(st.actual_kmh.value_or(0.0)));
}

void progress(const char* id, double value, std::optional<double> cap, float width, float height) {
    const float fraction =
        cap && *cap > 0 ? static_cast<float>(std::clamp(value / *cap, 0.0, 1.0)) : 0.0F;
    const bool near_cap = fraction > 0.9F;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, near_cap ? colors::warn : colors::good);
    ImGui::ProgressBar(fraction, ImVec2(width, height), id);
    ImGui::PopStyleColor();
}

void phase_rows(ScreenContext& ctx, const ControllerStatus& st, float width) {
    const float bar_h = ctx.ui.target() * 0.3F;
    if (st.phase) {
        std::string line =
            st.phase->label.empty() ? phase_kind_label(st.phase->kind) : st.phase->label;
        text_in(ctx.ui.fonts.large, line);
        ImGui::SameLine();
        text_in(ctx.ui.fonts.body,
                st.phase->next.empty() ? std::string("(last phase)") : "next: " + st.phase->next,
                colors::muted);
        ImGui::SameLine();
        const std::string t = clock_text(st.phase->elapsed_s) + " of " +
                              (st.phase->cap_s ? clock_text(*st.phase->cap_s) : std::string("-"));
        text_in(ctx.ui.fonts.bold, t);
        progress("##phase", st.phase->elapsed_s, st.phase->cap_s, width, bar_h);
    } else {
        text_in(ctx.ui.fonts.large, st.state);
    }
    const double elapsed = st.elapsed_s.value_or(0.0);
    text_in(ctx.ui.fonts.body, "Session " + clock_text(elapsed) + " of " +
                                   (st.time_cap_s ? clock_text(*st.time_cap_s) : std::string("-")));
    ImGui::SameLine();
    progress("##session", elapsed, st.time_cap_s, -1.0F, ImGui::GetTextLineHeight());
    if (st.limit)
        text_in(ctx.ui.fonts.bold,
                "Pain-free limit today: " + clock_text(st.limit->time_s.value_or(0)) + " at " +
                    number_text(st.limit->speed_kmh) + " km/h",
                colors::good);
    else if (!st.advice.empty())
        text_in(ctx.ui.fonts.bold, st.advice.front(), colors::line_b);
}

void speed_row(ScreenContext& ctx, const ControllerStatus& st) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float u = ctx.ui.target() * 1.15F;
    const double base = requested_speed(ctx, st);
    const double cap = st.cap_kmh.value_or(0.0);
    const bool moving = st.state == "Running" || st.state == "CoolDown" || st.state == "Starting";
    auto ask = [&](double kmh) {
        kmh = std::round(kmh * 10.0) / 10.0;
        ctx.s.speed_request_kmh = kmh;
        ctx.s.speed_request_at_s = ctx.now_s;
        ctx.send({{"cmd", "speed"}, {"kmh", kmh}});
    };
    ImGui::PushButtonRepeat(true);
    if (big_button(ctx.ui, "speed-minus", "\xE2\x88\x92", ImVec2(u * 1.3F, u), Tone::normal,
                   moving && base > speed_min_kmh + 1e-6, ctx.ui.fonts.huge))
        ask(std::max(speed_min_kmh, base - speed_step_kmh));
    ImGui::SameLine();
    const float middle = width - 2 * (u * 1.3F) - 2 * ctx.ui.gap();
    ImGui::BeginGroup();
    const std::string actual = number_text(st.actual_kmh) + " km/h";
    ImGui::PushFont(ctx.ui.fonts.huge);
    const float w = ImGui::CalcTextSize(actual.c_str()).x;
    ImGui::PopFont();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0F, (middle - w) / 2));
    text_in(ctx.ui.fonts.huge, actual);
    const std::string detail = "asked " + number_text(base) + "  cap " + number_text(st.cap_kmh);
    const float dw = ImGui::CalcTextSize(detail.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0F, (middle - dw) / 2));
    text_in(ctx.ui.fonts.body, detail, base >= cap - 1e-6 ? colors::warn : colors::muted);
    ImGui::EndGroup();
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - u * 1.3F);
    if (big_button(ctx.ui, "speed-plus", "+", ImVec2(u * 1.3F, u), Tone::normal,
                   moving && base < cap - 1e-6, ctx.ui.fonts.huge))
        ask(std::min(cap, base + speed_step_kmh));
    ImGui::PopButtonRepeat();
}

void gauges(ScreenContext& ctx, const ControllerStatus& st, ImVec2 size) {
    const float w = (size.x - ctx.ui.gap()) / 2;
    // Ranges put the target or advisory near the middle so the trend shows its swings.
    const double target = st.cadence_target_spm.value_or(170.0);
    GaugeSpec cadence{"Cadence", "spm",         st.cadence_spm, st.cadence_target_spm,
                      "target",  target - 30.0, target + 20.0,  target * 0.03};
    gauge(ctx.ui, cadence, ctx.s.cadence_trend, ImVec2(w, size.y));
    ImGui::SameLine();
    GaugeSpec valr{"Loading rate", "BW/s", st.valr_bw_s, st.valr_advisory_bw_s,
                   "advisory",     20.0,   110.0,        -1.0};
    gauge(ctx.ui, valr, ctx.s.valr_trend, ImVec2(w, size.y));
}

// The clinician's choice (command line, else the plan's feedback object): visual or both.
bool loading_bar_shown(const ScreenContext& ctx) {
    LoadingFeedback mode = feedback_settings_from_plan(ctx.s.plan).loading;
    if (ctx.ui.sound && ctx.ui.sound->loading) mode = *ctx.ui.sound->loading;
    return mode == LoadingFeedback::visual || mode == LoadingFeedback::both;
}

void pain_picker(ScreenContext& ctx, const ControllerStatus& st, ImVec2 size) {
    text_in(ctx.ui.fonts.large, "Pain now?  0 = none, 10 = worst");
    wrapped_in(ctx.ui.fonts.body,
               "Above " + number_text(st.pain_threshold, 0) + " ends the run phase.",
               colors::muted);
    const float gap = ctx.ui.gap();
    const float rows_h =
        size.y - ImGui::GetTextLineHeightWithSpacing() * 1.6F - ctx.ui.target() - gap * 3;
    const ImVec2 key((size.x - 5 * gap) / 6, std::max(ctx.ui.target(), rows_h / 2));
    const double threshold = st.pain_threshold.value_or(2.0);
    for (int level = 0; level <= 10; ++level) {
        if (level != 0 && level != 6) ImGui::SameLine();
        const Tone tone = level <= threshold ? Tone::go : (level <= 5 ? Tone::warn : Tone::stop);
        const std::string name = "pain-" + std::to_string(level);
        if (big_button(ctx.ui, name.c_str(), std::to_string(level), key, tone, true,
                       ctx.ui.fonts.huge)) {
            ctx.send({{"cmd", "pain"}, {"level", level}},
                     [s = &ctx.s](const ApiReply&) { s->pain_picker_open = false; });
            ctx.tell("Pain " + std::to_string(level) + "/10 recorded");
        }
    }
    ImGui::SameLine();
    if (big_button(ctx.ui, "pain-cancel", "Cancel", key, Tone::quiet))
        ctx.s.pain_picker_open = false;
}

void right_column(ScreenContext& ctx, const ControllerStatus& st, ImVec2 size) {
    const float gap = ctx.ui.gap();
    const bool stopping = st.state == "Stopping";
    // A second press while the belt is already slowing asks for the fastest safe ramp.
    if (big_button(ctx.ui, "stop", stopping ? "E-STOP" : "STOP",
                   ImVec2(size.x, size.y * 0.5F - gap), Tone::stop, ctx.available,
                   ctx.ui.fonts.huge)) {
        ctx.send({{"cmd", stopping ? "emergency_stop" : "stop"}});
        ctx.s.pain_picker_open = false;
    }
    const float h = (size.y * 0.5F - gap) / 2;
    // "Limit coming" ends a run phase; walking phases have none to end.
    const bool in_run_phase = st.phase && is_run_phase_kind(st.phase->kind);
    if (big_button(ctx.ui, "limit", "Limit\ncoming", ImVec2(size.x, h), Tone::warn,
                   ctx.available && st.state == "Running" && in_run_phase && !st.limit,
                   ctx.ui.fonts.large))
        ctx.send({{"cmd", "limit"}}); // the status then carries the recorded limit
    const std::string pain_label =
        "Pain " + (st.pain_last ? std::to_string(*st.pain_last) : std::string("0-10"));
    if (big_button(ctx.ui, "pain", pain_label, ImVec2(size.x, h), Tone::normal,
                   ctx.available && belt_may_move(st.state), ctx.ui.fonts.large))
        ctx.s.pain_picker_open = !ctx.s.pain_picker_open;
}

} // namespace

void draw_running(ScreenContext& ctx) {
    const ControllerStatus* st = ctx.status();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const float side = std::max(avail.x * 0.27F, ctx.ui.target() * 2.6F);
    const float left = avail.x - side - gap;
    ImGui::BeginChild("running-left", ImVec2(left, avail.y), false, ImGuiWindowFlags_NoScrollbar);
    if (st == nullptr) {
        wrapped_in(ctx.ui.fonts.large,
                   "No live data from the controller. If the belt moves, use the red stop "
                   "button on the treadmill.",
                   colors::warn);
    } else if (ctx.s.pain_picker_open) {
        pain_picker(ctx, *st, ImVec2(left, avail.y));
    } else {
        phase_rows(ctx, *st, left);
        speed_row(ctx, *st);
        if (loading_bar_shown(ctx)) {
            loading_bar(ctx.ui, st->valr_bw_s, ctx.s.valr_baseline(),
                        st->valr_advisory_bw_s.value_or(66.0),
                        ImVec2(left, ctx.ui.target() * 0.45F));
        }
        const ImVec2 rest = ImGui::GetContentRegionAvail();
        gauges(ctx, *st, ImVec2(left, rest.y));
    }
    // Nothing may scroll while running (tests read this from the layout dump).
    ctx.ui.layout.text("running-scroll-y",
                       std::to_string(static_cast<int>(ImGui::GetScrollMaxY())));
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginGroup();
    static const ControllerStatus empty{};
    right_column(ctx, st != nullptr ? *st : empty, ImVec2(side, avail.y));
    ImGui::EndGroup();
}

} // namespace tg::hmi
