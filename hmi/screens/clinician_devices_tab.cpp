#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/widgets.hpp"

#include <utility>
#include <vector>

namespace tg::hmi {
namespace {

constexpr double refresh_s = 2.0;

using Rows = std::vector<std::pair<std::string, std::string>>;

std::string count_text(std::uint64_t n) {
    return std::to_string(n);
}

std::string yes_no(bool b) {
    return b ? "yes" : "no";
}

// One block of label: value rows; each row is also published for the tests.
void block(ScreenContext& ctx, const std::string& id, const std::string& title, bool ok,
           const Rows& rows) {
    text_in(ctx.ui.fonts.bold, title + (ok ? "  OK" : "  DOWN"), ok ? colors::good : colors::stop);
    ImGui::Indent(ctx.ui.gap() * 2);
    for (const auto& [label, value] : rows) {
        text_in(ctx.ui.fonts.body, label + ": " + value);
        ctx.ui.layout.text(id + "." + label, value);
    }
    ImGui::Unindent(ctx.ui.gap() * 2);
}

Rows drive_rows(const api::DriveDevice& d) {
    return {{"link", d.link},
            {"device", d.device},
            {"configured", yes_no(d.configured)},
            {"identity", d.identity ? std::to_string(*d.identity) : "-"},
            {"requests", count_text(d.requests)},
            {"errors", count_text(d.errors)},
            {"timeouts", count_text(d.timeouts)},
            {"reconnects", count_text(d.reconnects)},
            {"round trip p50/p99 ms",
             number_text(d.round_trip_p50_ms, 1) + " / " + number_text(d.round_trip_p99_ms, 1)},
            {"output Hz", number_text(d.output_hz, 2)},
            {"fault code", std::to_string(d.fault_code)},
            {"last error", d.last_error.empty() ? "-" : d.last_error}};
}

Rows plate_rows(const api::PlateDevice& p) {
    if (!p.enabled) return {{"enabled", "no"}};
    return {{"link", p.link.empty() ? "-" : p.link},
            {"device", p.device},
            {"configured", yes_no(p.configured)},
            {"samples", count_text(p.samples)},
            {"dropped", count_text(p.dropped)},
            {"requests", count_text(p.requests)},
            {"errors", count_text(p.errors)},
            {"timeouts", count_text(p.timeouts)},
            {"round trip p50/p99 ms",
             number_text(p.round_trip_p50_ms, 1) + " / " + number_text(p.round_trip_p99_ms, 1)},
            {"calibration", p.calibration},
            {"last error", p.last_error.empty() ? "-" : p.last_error}};
}

} // namespace

void draw_clinician_devices(ScreenContext& ctx) {
    AppState& s = ctx.s;
    if (ctx.available && !s.devices.loading && ctx.now_s - s.devices.at_s > refresh_s) {
        s.devices.loading = true;
        s.devices.at_s = ctx.now_s;
        ctx.api.request({{"cmd", "devices"}}, [st = &s](const ApiReply& r) {
            st->devices.loading = false;
            if (!r.ok) {
                st->devices.error = reply_error_text(r);
                return;
            }
            auto d = api::decode<api::DevicesReply>(r.body);
            st->devices.error =
                d.ok() ? "" : "devices reply does not match the API contract: " + d.error();
            if (d.ok()) st->devices.value = d.value().devices;
        });
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float col = (avail.x - ctx.ui.gap()) / 2;
    if (!s.devices.error.empty()) {
        wrapped_in(ctx.ui.fonts.body, s.devices.error, colors::warn);
        ctx.ui.layout.text("devices-error", s.devices.error);
    }
    if (!s.devices.value) {
        if (s.devices.error.empty()) text_in(ctx.ui.fonts.body, "Reading...", colors::muted);
        return;
    }
    const api::Devices& d = *s.devices.value;
    const ControllerStatus* st = ctx.status();
    ImGui::BeginChild("devices-drive", ImVec2(col, avail.y), false);
    block(ctx, "drive", "Drive", st && st->drive_link ? st->drive_link->ok : d.drive.configured,
          drive_rows(d.drive));
    block(ctx, "treadmill", "Treadmill", true,
          {{"id", d.treadmill.id},
           {"Hz per km/h", number_text(d.treadmill.hz_per_kmh, 3)},
           {"max km/h", number_text(d.treadmill.max_speed_kmh, 1)},
           {"k from", d.treadmill.k_source}});
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("devices-plate", ImVec2(col, avail.y), false);
    block(ctx, "plate", "Force plate",
          st && st->plate_link ? st->plate_link->ok : d.plate.configured, plate_rows(d.plate));
    block(ctx, "tick", "Control tick", true,
          {{"ticks", count_text(d.tick.ticks)},
           {"period p50/p99/max ms", number_text(d.tick.period_p50_ms, 2) + " / " +
                                         number_text(d.tick.period_p99_ms, 2) + " / " +
                                         number_text(d.tick.period_max_ms, 2)}});
    ImGui::EndChild();
}

} // namespace tg::hmi
