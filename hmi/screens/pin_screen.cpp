#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {

namespace {
constexpr double clinician_idle_s = 300.0; // the screens lock again after 5 idle minutes
}

void draw_pin_entry(ScreenContext& ctx) {
    AppState& s = ctx.s;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const float pad_w = std::min(avail.x * 0.5F, ctx.ui.target() * 5.0F);
    ImGui::BeginChild("pin-left", ImVec2(avail.x - pad_w - gap, avail.y), false,
                      ImGuiWindowFlags_NoScrollbar);
    text_in(ctx.ui.fonts.large, "Clinician PIN");
    text_in(ctx.ui.fonts.huge,
            s.pin_entry.text().empty() ? std::string(" ") : s.pin_entry.masked());
    wrapped_in(ctx.ui.fonts.body,
               "Caps, plans and calibration are changed only by a clinician; every change is "
               "audited.",
               colors::muted);
    if (big_button(ctx.ui, "pin-cancel", "Cancel", ImVec2(ctx.ui.target() * 2.5F, 0),
                   Tone::quiet)) {
        s.pin_entry.clear();
        s.screen = s.runner.empty() ? Screen::runners : Screen::plan;
    }
    ImGui::EndChild();
    ImGui::SameLine();
    const bool ok = keypad(ctx, "pin", s.pin_entry, false, ImVec2(pad_w, avail.y - gap));
    if (!ok) return;
    // The API has no PIN check of its own; reading the audit log needs the PIN, so a
    // successful read proves it and fills the audit view.
    const std::string pin = s.pin_entry.text();
    s.pin_entry.clear();
    ctx.send({{"cmd", "audit"}, {"pin", pin}}, [st = &s, pin](const ApiReply& r) {
        st->clinician_pin = pin;
        st->clinician_until_s = st->clock_s + clinician_idle_s;
        st->audit.reset();
        if (auto entries = api::decode<api::AuditReply>(r.body); entries.ok())
            st->audit.value = std::move(entries.value().entries);
        else
            st->audit.error = "audit reply does not match the API contract: " + entries.error();
        st->screen = Screen::clinician;
        st->tab = ClinicianTab::runners;
    });
}

void draw_clinician(ScreenContext& ctx) {
    AppState& s = ctx.s;
    if (ImGui::IsMouseClicked(0)) s.clinician_until_s = ctx.now_s + clinician_idle_s;
    if (s.clinician_pin.empty() || ctx.now_s > s.clinician_until_s) {
        s.clinician_pin.clear();
        s.screen = Screen::pin;
        return;
    }
    static const char* const names[] = {"tab-runners", "tab-caps",        "tab-history",
                                        "tab-devices", "tab-calibration", "tab-review"};
    static const char* const labels[] = {"Runners", "Caps",      "History",
                                         "Device",  "Calibrate", "Review"};
    constexpr int tabs = 6;
    const float gap = ctx.ui.gap();
    const float w = (ImGui::GetContentRegionAvail().x - tabs * gap) / (tabs + 1);
    for (int i = 0; i < tabs; ++i) {
        if (i > 0) ImGui::SameLine();
        const bool on = static_cast<int>(s.tab) == i;
        if (big_button(ctx.ui, names[i], labels[i], ImVec2(w, 0),
                       on ? Tone::selected : Tone::normal))
            s.tab = static_cast<ClinicianTab>(i);
    }
    ImGui::SameLine();
    if (big_button(ctx.ui, "clinician-exit", "Lock", ImVec2(w, 0), Tone::quiet)) {
        s.clinician_pin.clear();
        s.screen = s.runner.empty() ? Screen::runners : Screen::plan;
        return;
    }
    ImGui::BeginChild("clinician-body", ImVec2(0, 0), false);
    switch (s.tab) {
    case ClinicianTab::runners:
        draw_clinician_runners(ctx);
        break;
    case ClinicianTab::caps:
        draw_clinician_caps(ctx);
        break;
    case ClinicianTab::history:
        draw_clinician_history(ctx);
        break;
    case ClinicianTab::devices:
        draw_clinician_devices(ctx);
        break;
    case ClinicianTab::calibration:
        draw_clinician_calibration(ctx);
        break;
    case ClinicianTab::review:
        draw_clinician_review(ctx);
        break;
    }
    ImGui::EndChild();
}

} // namespace tg::hmi
