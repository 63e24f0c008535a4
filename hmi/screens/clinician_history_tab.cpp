#include "hmi/logic/weekly_volume.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/trend_chart.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {
namespace {

using Sessions = std::vector<api::HistorySession>;
using Field = std::optional<double> (*)(const api::HistorySession&);

std::string session_date(const api::HistorySession& session) {
    return session.start_utc.substr(0, std::min<std::size_t>(session.start_utc.size(), 10));
}

// One series of a per-session number (sessions without it are skipped).
ChartSeries per_session(const Sessions& sessions, Field field, const char* name, ImU32 color,
                        double scale = 1.0) {
    ChartSeries s{name, {}, color, false};
    for (const api::HistorySession& session : sessions)
        if (auto v = field(session)) s.values.push_back(static_cast<float>(*v * scale));
    return s;
}

void charts(ScreenContext& ctx, const api::HistoryReply& history) {
    const Sessions& sessions = history.sessions;
    const std::string first = sessions.empty() ? "" : session_date(sessions.front());
    const std::string last = sessions.empty() ? "" : session_date(sessions.back());
    const float gap = ctx.ui.gap();
    const ImVec2 size((ImGui::GetContentRegionAvail().x - gap) / 2,
                      std::max(ctx.ui.target() * 3.0F, ctx.ui.metrics.height_px * 0.36F));

    ChartSpec limit{"Pain-free limit", "min", {}, {}, {}, first, last, true};
    limit.series.push_back(per_session(
        sessions, [](const api::HistorySession& h) { return h.pain_free_limit_s; }, "minutes",
        colors::good, 1.0 / 60));
    trend_chart(ctx.ui, limit, size);
    ImGui::SameLine();

    std::vector<DatedValue> runs;
    for (const api::HistorySession& s : sessions)
        runs.push_back({session_date(s), s.run_time_s});
    const std::vector<WeekVolume> weeks = weekly_volume(runs);
    ChartSpec volume{"Running per week", "min", {}, {}, {}, "", "", true};
    ChartSeries bars{"minutes", {}, colors::line_b, true};
    ChartBand band{"+30%", {}, {}, 0x6000B4FF};
    for (const WeekVolume& w : weeks) {
        bars.values.push_back(static_cast<float>(w.run_s / 60));
        band.low.push_back(static_cast<float>(w.allowed_s / 1.3 / 60));
        band.high.push_back(static_cast<float>(w.allowed_s / 60));
    }
    volume.series.push_back(bars);
    volume.bands.push_back(band);
    if (!weeks.empty()) {
        volume.first_label = "wk of " + weeks.front().monday.substr(5);
        volume.last_label = "wk of " + weeks.back().monday.substr(5);
    }
    trend_chart(ctx.ui, volume, size);

    ChartSpec cadence{"Cadence", "spm", {}, {}, {}, first, last, false};
    cadence.series.push_back(per_session(
        sessions, [](const api::HistorySession& h) { return h.mean_cadence_spm; }, "steps/min",
        colors::line_a));
    trend_chart(ctx.ui, cadence, size);
    ImGui::SameLine();
    ChartSpec valr{"Loading rate", "BW/s", {},  {}, {{"advisory 66", 66.0F, colors::stop}},
                   first,          last,   true};
    valr.series.push_back(per_session(
        sessions, [](const api::HistorySession& h) { return h.max_valr_bw_s; }, "peak",
        colors::warn));
    trend_chart(ctx.ui, valr, size);

    ChartSpec pain{"Pain reports", "/10", {}, {}, {}, first, last, true};
    pain.series.push_back(per_session(
        sessions,
        [](const api::HistorySession& h) {
            return h.max_pain ? std::optional<double>(*h.max_pain) : std::nullopt;
        },
        "highest in session", colors::stop));
    if (ctx.status() && ctx.status()->pain_threshold)
        pain.references.push_back(
            {"stop above", static_cast<float>(*ctx.status()->pain_threshold), colors::warn});
    trend_chart(ctx.ui, pain, size);
    ImGui::SameLine();
    ChartSpec checkins{"Morning check-ins", "", {}, {}, {}, "", "", true};
    ChartSeries flagged{"flags (pain, swelling, stiffness)", {}, colors::warn, true};
    for (const api::CheckinRecord& c : history.checkins)
        flagged.values.push_back(
            static_cast<float>(int(c.pain_above_baseline) + int(c.swelling) + int(c.stiffness)));
    checkins.series.push_back(flagged);
    trend_chart(ctx.ui, checkins, size);
}

} // namespace

void draw_clinician_history(ScreenContext& ctx) {
    AppState& s = ctx.s;
    if (s.runner.empty()) {
        wrapped_in(ctx.ui.fonts.large, "Open a runner first (Runners tab).", colors::warn);
        return;
    }
    if (!s.history.value && s.history.error.empty() && !s.history.loading && ctx.available) {
        s.history.loading = true;
        ctx.api.request(nlohmann::json(api::HistoryRequest{s.runner}), [st =
                                                                            &s](const ApiReply& r) {
            st->history.loading = false;
            if (!r.ok) {
                st->history.error = reply_error_text(r);
                return;
            }
            auto h = api::decode<api::HistoryReply>(r.body);
            if (h.ok())
                st->history.value = std::move(h.value());
            else
                st->history.error = "history reply does not match the API contract: " + h.error();
        });
    }
    if (!s.history.error.empty()) {
        wrapped_in(ctx.ui.fonts.large, "History unavailable: " + s.history.error, colors::warn);
        ctx.ui.layout.text("history-error", s.history.error);
        return;
    }
    if (s.history.value) charts(ctx, *s.history.value);
}

} // namespace tg::hmi
