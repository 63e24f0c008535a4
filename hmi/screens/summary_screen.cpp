#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {
namespace {

constexpr double kRetryS = 0.5; // the record is still open: ask again
constexpr int kMaxAttempts = 20;

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

std::optional<double> as_number(std::optional<int> v) {
    return v ? std::optional<double>(*v) : std::nullopt;
}

// "Emergency stop", "Fault: drive fault 7", or empty for a session that ended as planned.
std::string what_happened(const AppState& s) {
    std::string reason;
    std::optional<std::string> alarm_code;
    if (s.summary.value) {
        reason = s.summary.value->session.end_reason.value_or("");
        alarm_code = s.summary.value->session.alarm_code;
    }
    const bool latched = s.ending.state == "EmergencyStop" || s.ending.state == "Fault";
    if (!api::ended_abnormally(reason) && !latched) return {};
    std::string title;
    if (reason == "emergency_stop" || s.ending.state == "EmergencyStop")
        title = "Emergency stop";
    else if (reason == "fault" || s.ending.state == "Fault")
        title = "Fault";
    else
        title = api::end_reason_text(reason);
    // The alarm: the one the record names, else the one that caused this kind of stop
    // (an emergency stop also makes the drive report its external fault), else the first
    // latched one.
    const std::string wanted_severity = title == "Emergency stop" ? "emergency_stop" : "";
    const AlarmStatus* chosen = nullptr;
    for (const AlarmStatus& a : s.ending.alarms) {
        const bool named = alarm_code && a.code == *alarm_code;
        const bool kind = !alarm_code && !wanted_severity.empty() && a.severity == wanted_severity;
        if (named || kind) {
            chosen = &a;
            break;
        }
        if (!chosen && !alarm_code && wanted_severity.empty() && a.latched) chosen = &a;
    }
    if (!chosen && !alarm_code)
        for (const AlarmStatus& a : s.ending.alarms)
            if (a.severity != "advisory" && a.severity != "info") {
                chosen = &a;
                break;
            }
    std::string alarm = chosen ? (chosen->reason.empty() ? chosen->code : chosen->reason) : "";
    if (alarm.empty() && alarm_code) alarm = *alarm_code;
    if (alarm.empty() && s.summary.value && !s.summary.value->alarms.empty())
        alarm = s.summary.value->alarms.back().reason;
    return alarm.empty() ? title : title + ": " + alarm;
}

void refresh_while_open(ScreenContext& ctx) {
    AppState& s = ctx.s;
    const bool open = s.summary.value && !s.summary.value->session.end_utc;
    const bool failed = !s.summary.value && !s.summary.error.empty();
    if (!s.session_id || s.summary.loading || !(open || failed)) return;
    if (s.summary.attempts >= kMaxAttempts || ctx.now_s - s.summary.at_s < kRetryS) return;
    request_summary(ctx.api, s, *s.session_id, ctx.now_s);
}

} // namespace

void draw_summary(ScreenContext& ctx) {
    refresh_while_open(ctx);
    const AppState& s = ctx.s;
    const std::string happened = what_happened(s);
    const std::string who = s.runner.empty() ? "" : ", " + s.runner;
    ctx.ui.layout.text("summary-title", happened.empty() ? "Well done" : "Session stopped");
    ctx.ui.layout.text("summary-happened", happened);
    if (s.summary.value)
        ctx.ui.layout.text("summary-end-reason", s.summary.value->session.end_reason.value_or(""));
    if (!s.summary.error.empty()) ctx.ui.layout.text("summary-error", s.summary.error);
    if (happened.empty()) {
        text_in(ctx.ui.fonts.large, "Well done" + who);
    } else {
        text_in(ctx.ui.fonts.large, "Session stopped" + who);
        wrapped_in(ctx.ui.fonts.bold, happened, colors::stop);
    }
    const api::SessionShowReply* record = s.summary.value ? &*s.summary.value : nullptr;
    if (record && record->session.end_reason) {
        ImGui::SameLine();
        text_in(ctx.ui.fonts.body, "ended: " + api::end_reason_text(*record->session.end_reason),
                colors::muted);
    } else if (!s.summary.error.empty()) {
        wrapped_in(ctx.ui.fonts.body, "No record: " + s.summary.error, colors::warn);
    } else if (!record) {
        text_in(ctx.ui.fonts.body, "Reading the session record...", colors::muted);
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const ImVec2 tile((avail.x - gap) / 2, (avail.y - ctx.ui.target() * 1.2F - 2 * gap) / 2);

    const api::SessionSummary* before = s.previous ? &*s.previous : nullptr;
    std::optional<double> limit_s, limit_kmh, steps, cadence, impact;
    if (record) {
        limit_s = record->session.pain_free_limit_s;
        limit_kmh = record->session.pain_free_limit_kmh;
        steps = static_cast<double>(record->steps_count);
        cadence = record->mean_cadence_spm;
        impact = record->max_valr_bw_s;
    }
    const std::string limit = limit_s
                                  ? clock_text(*limit_s) + " at " + number_text(limit_kmh) + " km/h"
                                  : std::string(record ? "not reached" : "-");
    value_tile(ctx.ui, "Pain-free limit today", limit,
               compare(limit_s, before ? before->pain_free_limit_s : std::nullopt, 0, " s"), tile,
               colors::muted);
    ImGui::SameLine();
    value_tile(ctx.ui, "Steps", number_text(steps, 0),
               compare(steps, before ? std::optional<double>(before->steps) : std::nullopt, 0, ""),
               tile, colors::muted);
    value_tile(ctx.ui, "Cadence", number_text(cadence, 0) + " steps/min",
               record && record->session.max_pain
                   ? "highest pain " + number_text(as_number(record->session.max_pain), 0) + "/10"
                   : std::string("no pain reported"),
               tile, colors::muted);
    ImGui::SameLine();
    value_tile(ctx.ui, "Impact (peak loading rate)", number_text(impact, 0) + " BW/s",
               record && record->session.distance_m
                   ? "distance " + number_text(record->session.distance_m, 0) + " m"
                   : std::string("distance not recorded"),
               tile, impact && *impact > 66 ? colors::warn : colors::muted);
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
