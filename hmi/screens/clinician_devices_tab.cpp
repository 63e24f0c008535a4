#include "hmi/api/json_fields.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {
namespace {

constexpr double refresh_s = 2.0;

std::string scalar_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
    if (v.is_number_float()) return number_text(v.get<double>(), 2);
    return v.dump();
}

// Every field of a device object, nested objects indented: the daemon decides the
// statistics it reports, the screen shows them all.
void fields(ScreenContext& ctx, const nlohmann::json& object, int depth) {
    for (const auto& [key, value] : object.items()) {
        ImGui::Indent(static_cast<float>(depth) * ctx.ui.gap() * 2);
        if (value.is_object()) {
            const bool ok = json_bool(value, "ok").value_or(true);
            text_in(ctx.ui.fonts.bold, key + (value.contains("ok") ? (ok ? "  OK" : "  DOWN") : ""),
                    value.contains("ok") ? (ok ? colors::good : colors::stop) : 0);
            fields(ctx, value, depth + 1);
        } else if (value.is_array()) {
            text_in(ctx.ui.fonts.body, key + ": " + std::to_string(value.size()) + " entries",
                    colors::muted);
            int i = 0;
            for (const nlohmann::json& item : value) {
                if (item.is_object()) {
                    text_in(ctx.ui.fonts.body, key + " " + std::to_string(++i), colors::muted);
                    fields(ctx, item, depth + 1);
                }
            }
        } else {
            text_in(ctx.ui.fonts.body, key + ": " + scalar_text(value));
        }
        ImGui::Unindent(static_cast<float>(depth) * ctx.ui.gap() * 2);
    }
}

} // namespace

void draw_clinician_devices(ScreenContext& ctx) {
    AppState& s = ctx.s;
    const double fetched = s.devices.value("/_at"_json_pointer, -1e9);
    if (ctx.available && ctx.now_s - fetched > refresh_s) {
        s.devices["_at"] = ctx.now_s;
        ctx.api.request({{"cmd", "devices"}}, [st = &s, now = ctx.now_s](const ApiReply& r) {
            st->devices = r.ok ? r.body : nlohmann::json{{"error", reply_error_text(r)}};
            st->devices["_at"] = now;
        });
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float col = (avail.x - ctx.ui.gap()) / 2;
    ImGui::BeginChild("devices-links", ImVec2(col, avail.y), false);
    text_in(ctx.ui.fonts.large, "Links");
    fields(ctx, json_object(s.devices, "links"), 0);
    if (!json_text(s.devices, "error").empty())
        wrapped_in(ctx.ui.fonts.body, json_text(s.devices, "error"), colors::warn);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("devices-drive", ImVec2(col, avail.y), false);
    text_in(ctx.ui.fonts.large, "Drive");
    fields(ctx, json_object(s.devices, "drive"), 0);
    text_in(ctx.ui.fonts.large, "Force plate calibration");
    fields(ctx, json_object(s.devices, "calibration"), 0);
    ImGui::EndChild();
}

} // namespace tg::hmi
