#include "hmi/screens/hmi_app.hpp"

#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

#include <cmath>
#include <cstdio>
#include <imgui.h>

namespace tg::hmi {
namespace {

constexpr double valr_baseline_window_s = 60.0;

const char* screen_label(Screen screen) {
    switch (screen) {
    case Screen::runners:
        return "runners";
    case Screen::plan:
        return "plan";
    case Screen::running:
        return "running";
    case Screen::summary:
        return "summary";
    case Screen::checkin:
        return "checkin";
    case Screen::pin:
        return "pin";
    case Screen::clinician:
        return "clinician";
    }
    return "?";
}

const char* tab_label(ClinicianTab tab) {
    static const char* const names[] = {"runners", "caps",        "history",
                                        "devices", "calibration", "review"};
    return names[static_cast<int>(tab)];
}

// One full-width banner: a coloured box with the reason and what to do, and an
// acknowledge button for latched faults.
void banner(ScreenContext& ctx, const std::string& id, ImU32 color, bool dark_text,
            const std::string& title, const std::string& action, bool ack) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, color);
    const float h = ctx.ui.target() * 1.1F;
    ImGui::BeginChild(id.c_str(), ImVec2(-1, h), false, ImGuiWindowFlags_NoScrollbar);
    const ImU32 text = dark_text ? 0xFF000000 : 0xFFFFFFFF;
    const float ack_w = ack ? ctx.ui.target() * 2.6F : 0.0F;
    ImGui::BeginChild((id + "-text").c_str(), ImVec2(ImGui::GetContentRegionAvail().x - ack_w, 0),
                      false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
    wrapped_in(ctx.ui.fonts.bold, title, text);
    wrapped_in(ctx.ui.fonts.body, action, text);
    ImGui::EndChild();
    if (ack) {
        ImGui::SameLine();
        if (big_button(ctx.ui, "ack", "Acknowledge",
                       ImVec2(ack_w - ctx.ui.gap(), h - 2 * ImGui::GetStyle().WindowPadding.y),
                       Tone::selected, ctx.available))
            ctx.send({{"cmd", "fault.ack"}}, [s = &ctx.s](const ApiReply&) {
                s->tell("Acknowledged. The belt stays stopped until START.");
            });
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

bool is_advisory(const AlarmStatus& a) {
    return a.severity == "advisory" || a.severity == "info";
}

} // namespace

std::string HmiApp::screen_name() const {
    std::string name = screen_label(s_.screen);
    if (s_.screen == Screen::clinician) name += std::string("-") + tab_label(s_.tab);
    if (s_.screen == Screen::running && s_.pain_picker_open) name += "-pain";
    return name;
}

void HmiApp::on_session_end(ScreenContext& ctx) {
    s_.screen = Screen::summary;
    s_.pain_picker_open = false;
    s_.summary.reset();
    s_.previous.reset();
    s_.ending = {};
    if (const ControllerStatus* st = ctx.status()) s_.ending = {st->state, st->alarms};
    if (!s_.session_id) return;
    const long long id = *s_.session_id;
    // The summary shows the records, not the screen's own tally.
    request_summary(api_, s_, id, ctx.now_s);
    AppState* s = &s_;
    api::SessionsListRequest list;
    if (!s_.runner.empty()) list.runner = s_.runner;
    api_.request(nlohmann::json(list), [s, id](const ApiReply& r) {
        if (!r.ok) return;
        const auto sessions = api::decode<api::SessionsListReply>(r.body);
        if (!sessions.ok()) return;
        for (const api::SessionSummary& session : sessions->sessions)
            if (session.id < id && (!s->previous || session.id > s->previous->id))
                s->previous = session;
    });
}

void HmiApp::follow_controller(ScreenContext& ctx) {
    const ControllerStatus* st = ctx.status();
    if (st == nullptr) return;
    if (api_.status_count() != s_.last_status_count) {
        s_.last_status_count = api_.status_count();
        if (belt_may_move(st->state)) {
            s_.tally.add(*st);
            if (st->cadence_spm) s_.cadence_trend.push(static_cast<float>(*st->cadence_spm));
            if (st->valr_bw_s) s_.valr_trend.push(static_cast<float>(*st->valr_bw_s));
            if (st->valr_bw_s && st->phase && st->phase->running &&
                st->phase->elapsed_s < valr_baseline_window_s) {
                s_.valr_baseline_sum += *st->valr_bw_s;
                ++s_.valr_baseline_n;
            }
        }
    }
    if (!st->runner.empty() && s_.runner.empty()) s_.runner = st->runner;
    const bool was_moving = belt_may_move(s_.last_state);
    const bool moving = belt_may_move(st->state);
    if (moving) {
        if (st->session_id && st->session_id != s_.session_id) {
            s_.session_id = st->session_id; // started elsewhere (CLI) or we missed the reply
            s_.tally = {};
            s_.cadence_trend.clear();
            s_.valr_trend.clear();
            s_.valr_baseline_sum = 0.0;
            s_.valr_baseline_n = 0;
        }
        if (s_.screen != Screen::running) s_.pain_picker_open = false;
        s_.screen = Screen::running; // STOP must be on screen while the belt may move
        s_.running_seen_s = ctx.now_s;
    } else if (was_moving) {
        on_session_end(ctx);
    } else if (s_.screen == Screen::running && ctx.now_s - s_.running_seen_s > 3.0) {
        on_session_end(ctx); // started, but the belt never showed as moving
    }
    s_.last_state = st->state;
}

void HmiApp::top_bar(ScreenContext& ctx) {
    const float h = ctx.ui.target();
    const ControllerStatus* st = ctx.status();
    ImGui::BeginGroup();
    text_in(ctx.ui.fonts.large, "treadguard");
    ImGui::SameLine();
    std::string line = st ? st->state : std::string("offline");
    if (!s_.runner.empty()) line += "  \xC2\xB7  " + s_.runner;
    text_in(ctx.ui.fonts.large, line, st ? colors::good : colors::stop);
    ImGui::EndGroup();
    const float bw = ctx.ui.target() * 2.3F;
    const bool moving = st && belt_may_move(st->state);
    AudioPrefs* sound = ctx.ui.sound;
    if (sound != nullptr && s_.screen != Screen::clinician && s_.screen != Screen::pin) {
        // Mutes the metronome and the loading tone; cues and alarms still sound.
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 2 * bw - ctx.ui.gap());
        if (big_button(ctx.ui, "sound", sound->muted ? "Muted" : "Sound", ImVec2(bw, h * 0.9F),
                       sound->muted ? Tone::warn : Tone::quiet))
            sound->muted = !sound->muted;
    }
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - bw);
    if (s_.screen == Screen::clinician || s_.screen == Screen::pin) {
        ImGui::Dummy(ImVec2(bw, h));
    } else if (big_button(ctx.ui, "clinician", "Clinician", ImVec2(bw, h * 0.9F), Tone::quiet,
                          !moving)) {
        s_.pin_entry.clear();
        s_.screen = Screen::pin;
    }
}

void HmiApp::banners(ScreenContext& ctx) {
    if (!ctx.available) {
        char why[96];
        if (api_.link_state() == LinkState::connected)
            std::snprintf(why, sizeof why, "Controller not answering");
        else
            std::snprintf(why, sizeof why, "Controller unavailable, retrying in %.0f s",
                          std::ceil(api_.seconds_to_retry(ctx.now_s)));
        banner(ctx, "offline", colors::stop, false, why,
               "A moving belt stops by itself. The red stop button always works.", false);
        return;
    }
    const ControllerStatus& st = *ctx.status();
    int shown = 0;
    for (const AlarmStatus& a : st.alarms) {
        if (shown == 2) break; // room for the screen below on a 480-line panel
        const std::string title =
            (a.reason.empty() ? a.code : a.reason) + (a.latched ? "  (latched)" : "");
        banner(ctx, "alarm-" + std::to_string(shown), is_advisory(a) ? colors::warn : colors::stop,
               is_advisory(a), title, a.action.empty() ? "Tell the clinician." : a.action,
               a.latched && shown == 0);
        ++shown;
    }
    if (shown == 0 && is_latched_state(st.state))
        banner(ctx, "alarm-state", colors::stop, false,
               st.state == "EmergencyStop" ? "Emergency stop" : "Fault",
               "Check the runner and the treadmill, then acknowledge. The belt will not restart "
               "by itself.",
               true);
    if (shown < 2 && st.records && !st.records->ok)
        banner(ctx, "records", colors::warn, true, "Records are not being written",
               st.records->message.empty() ? "Tell the clinician." : st.records->message, false);
    if (!st.alarms.empty() && static_cast<int>(st.alarms.size()) > shown)
        text_in(ctx.ui.fonts.body, "+" + std::to_string(st.alarms.size() - shown) + " more alarms",
                colors::warn);
}

void HmiApp::notice(float width, float height) {
    // Drawn over the screen at the bottom so a message never shifts the buttons.
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    ImGui::PushFont(ui_.fonts.bold);
    const ImVec2 size = ImGui::CalcTextSize(s_.notice.text.c_str(), nullptr, false, width * 0.9F);
    const float pad = ui_.gap() * 1.5F;
    const ImVec2 p0((width - size.x) / 2 - pad, height - size.y - 3 * pad);
    const ImVec2 p1((width + size.x) / 2 + pad, height - pad);
    draw->AddRectFilled(p0, p1, s_.notice.error ? colors::warn : colors::go, 8.0F);
    draw->AddText(ui_.fonts.bold, ui_.fonts.bold->FontSize, ImVec2(p0.x + pad, p0.y + pad),
                  s_.notice.error ? 0xFF000000 : 0xFFFFFFFF, s_.notice.text.c_str(), nullptr,
                  width * 0.9F);
    ImGui::PopFont();
}

void HmiApp::body(ScreenContext& ctx) {
    switch (s_.screen) {
    case Screen::runners:
        draw_runner_select(ctx);
        break;
    case Screen::plan:
        draw_plan(ctx);
        break;
    case Screen::running:
        draw_running(ctx);
        break;
    case Screen::summary:
        draw_summary(ctx);
        break;
    case Screen::checkin:
        draw_checkin(ctx);
        break;
    case Screen::pin:
        draw_pin_entry(ctx);
        break;
    case Screen::clinician:
        draw_clinician(ctx);
        break;
    }
}

void HmiApp::frame(double now_s, float width, float height) {
    s_.clock_s = now_s;
    ScreenContext ctx{api_, ui_, s_, now_s, api_.controller_available(now_s)};
    follow_controller(ctx);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::Begin("treadguard", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoScrollWithMouse);
    top_bar(ctx);
    banners(ctx);
    body(ctx);
    ui_.layout.text("window-scroll-y", std::to_string(static_cast<int>(ImGui::GetScrollMaxY())));
    ImGui::End();
    if (!s_.notice.text.empty() && now_s < s_.notice.until_s) notice(width, height);
}

} // namespace tg::hmi
