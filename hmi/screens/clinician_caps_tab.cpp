#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

#include <cmath>

namespace tg::hmi {
namespace {

struct CapField {
    const char* name;
    const char* label;
    const char* key; // caps.set field
    double min, max;
    double to_api; // keypad unit -> API unit
};
// Bounds the HMI offers; the controller enforces its own (DESIGN.md: pain threshold <= 5).
constexpr CapField fields[] = {
    {"cap-speed", "Speed cap km/h", "speed_cap_kmh", 0.5, 20.0, 1.0},
    {"cap-duration", "Duration cap min", "duration_cap_s", 1.0, 120.0, 60.0},
    {"cap-pain", "Pain threshold /10", "pain_threshold", 0.0, 5.0, 1.0},
};
constexpr const char* reasons[] = {"Per\nprotocol", "Runner\nreported pain", "Clinical\njudgement"};

std::string current_value(const ControllerStatus* st, int field) {
    if (st == nullptr) return "-";
    switch (field) {
    case 0:
        return number_text(st->cap_kmh);
    case 1:
        return st->time_cap_s ? number_text(*st->time_cap_s / 60.0, 0) : "-";
    default:
        return number_text(st->pain_threshold, 0);
    }
}

void send_caps(ScreenContext& ctx, const CapField& f, double value) {
    AppState& s = ctx.s;
    nlohmann::json cmd = {
        {"cmd", "caps.set"}, {"pin", s.clinician_pin}, {"why", reasons[s.caps_why]}};
    const double api_value = value * f.to_api;
    if (std::string(f.key) == "speed_cap_kmh")
        cmd[f.key] = api_value;
    else
        cmd[f.key] = static_cast<int>(std::lround(api_value));
    ctx.send(cmd, [st = &s, pin = s.clinician_pin](const ApiReply&) {
        st->tell("Saved and audited");
        st->caps_field = -1;
        st->caps_entry.clear();
        st->caps_why = -1;
        st->audit.reset(); // reload below
    });
}

void audit_list(ScreenContext& ctx) {
    AppState& s = ctx.s;
    if (!s.audit.value && s.audit.error.empty() && !s.audit.loading && ctx.available)
        request_audit(ctx.api, s, s.clinician_pin, ctx.now_s);
    text_in(ctx.ui.fonts.bold, "Recent changes (audit)");
    if (!s.audit.error.empty()) {
        wrapped_in(ctx.ui.fonts.body, s.audit.error, colors::warn);
        ctx.ui.layout.text("audit-error", s.audit.error);
    }
    if (!s.audit.value) return;
    const auto& entries = *s.audit.value;
    int shown = 0;
    for (auto it = entries.rbegin(); it != entries.rend() && shown < 4; ++it, ++shown) {
        const api::AuditEntry& e = *it;
        std::string line = e.when_utc + "  " + e.who;
        if (!e.client.empty()) line += " (" + e.client + ")";
        line += "  " + e.what;
        if (!e.old_value.empty() || !e.new_value.empty())
            line += ": " + (e.old_value.empty() ? "-" : e.old_value) + " -> " +
                    (e.new_value.empty() ? "-" : e.new_value);
        if (!e.why.empty()) line += "  (" + e.why + ")";
        wrapped_in(ctx.ui.fonts.body, line, colors::muted);
        ctx.ui.layout.text("audit-" + std::to_string(shown), line);
    }
}

} // namespace

void draw_clinician_caps(ScreenContext& ctx) {
    AppState& s = ctx.s;
    const ControllerStatus* st = ctx.status();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ctx.ui.gap();
    const float pad_w = std::min(avail.x * 0.38F, ctx.ui.target() * 4.5F);
    ImGui::BeginChild("caps-left", ImVec2(avail.x - pad_w - gap, avail.y), false);
    text_in(ctx.ui.fonts.large, s.runner.empty() ? std::string("No runner selected") : s.runner);
    for (int i = 0; i < 3; ++i) {
        const std::string label = std::string(fields[i].label) + ": " + current_value(st, i);
        if (big_button(ctx.ui, fields[i].name, label, ImVec2(-1, 0),
                       s.caps_field == i ? Tone::selected : Tone::normal, ctx.available)) {
            s.caps_field = i;
            s.caps_entry.clear();
        }
    }
    if (s.caps_field >= 0) {
        const CapField& f = fields[s.caps_field];
        const auto value = s.caps_entry.value_in(f.min, f.max);
        text_in(ctx.ui.fonts.large,
                "New: " + (s.caps_entry.text().empty() ? "-" : s.caps_entry.text()),
                value ? colors::good : colors::warn);
        ImGui::SameLine();
        text_in(ctx.ui.fonts.body, "(" + number_text(f.min) + " to " + number_text(f.max) + ")",
                colors::muted);
        const float w = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3;
        for (int i = 0; i < 3; ++i) {
            if (i > 0) ImGui::SameLine();
            const std::string name = "why-" + std::to_string(i);
            if (big_button(ctx.ui, name.c_str(), reasons[i], ImVec2(w, 0),
                           s.caps_why == i ? Tone::selected : Tone::quiet))
                s.caps_why = i;
        }
        if (big_button(ctx.ui, "caps-save", "Save (audited)", ImVec2(-1, 0), Tone::go,
                       value.has_value() && s.caps_why >= 0 && ctx.available))
            send_caps(ctx, f, *value);
    } else {
        audit_list(ctx);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    keypad(ctx, "caps", s.caps_entry, true, ImVec2(pad_w, avail.y - gap));
}

} // namespace tg::hmi
