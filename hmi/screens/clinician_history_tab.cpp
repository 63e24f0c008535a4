#include "hmi/api/json_fields.hpp"
#include "hmi/logic/weekly_volume.hpp"
#include "hmi/screens/screens.hpp"
#include "hmi/ui/theme.hpp"
#include "hmi/ui/trend_chart.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {
namespace {

std::string session_date(const nlohmann::json& session) {
    std::string date = json_text(session, "date");
    if (date.empty()) date = json_text(session, "start_utc");
    return date.substr(0, std::min<std::size_t>(date.size(), 10));
}

std::optional<double> field(const nlohmann::json& session, const char* key) {
    if (auto v = json_number(session, key)) return v;
    if (auto v = json_number(json_object(session, "totals"), key)) return v;
    return json_number(json_object(session, "steps"), key);
}

// One series of a per-session number (sessions without it are skipped).
ChartSeries per_session(const nlohmann::json& sessions, const char* key, const char* name,
                        ImU32 color, double scale = 1.0) {
    ChartSeries s{name, {}, color, false};
    for (const nlohmann::json& session : sessions)
        if (auto v = field(session, key)) s.values.push_back(static_cast<float>(*v * scale));
    return s;
}

void charts(ScreenContext& ctx, const nlohmann::json& history) {
    const nlohmann::json& sessions = json_array(history, "sessions");
    const std::string first = sessions.empty() ? "" : session_date(sessions.front());
    const std::string last = sessions.empty() ? "" : session_date(sessions.back());
    const float gap = ctx.ui.gap();
    const ImVec2 size((ImGui::GetContentRegionAvail().x - gap) / 2,
                      std::max(ctx.ui.target() * 3.0F, ctx.ui.metrics.height_px * 0.36F));

    ChartSpec limit{"Pain-free limit", "min", {}, {}, {}, first, last, true};
    limit.series.push_back(
        per_session(sessions, "pain_free_limit_s", "minutes", colors::good, 1.0 / 60));
    trend_chart(ctx.ui, limit, size);
    ImGui::SameLine();

    std::vector<DatedValue> runs;
    for (const nlohmann::json& s : sessions)
        runs.push_back({session_date(s), field(s, "run_time_s").value_or(0.0)});
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
    cadence.series.push_back(
        per_session(sessions, "mean_cadence_spm", "steps/min", colors::line_a));
    trend_chart(ctx.ui, cadence, size);
    ImGui::SameLine();
    ChartSpec valr{"Loading rate", "BW/s", {},  {}, {{"advisory 66", 66.0F, colors::stop}},
                   first,          last,   true};
    valr.series.push_back(per_session(sessions, "mean_valr_bw_s", "mean", colors::line_a));
    valr.series.push_back(per_session(sessions, "max_valr_bw_s", "peak", colors::warn));
    trend_chart(ctx.ui, valr, size);

    ChartSpec pain{"Pain reports", "/10", {}, {}, {}, first, last, true};
    pain.series.push_back(per_session(sessions, "max_pain", "highest in session", colors::stop));
    if (ctx.status() && ctx.status()->pain_threshold)
        pain.references.push_back(
            {"stop above", static_cast<float>(*ctx.status()->pain_threshold), colors::warn});
    trend_chart(ctx.ui, pain, size);
    ImGui::SameLine();
    ChartSpec checkins{"Morning check-ins", "", {}, {}, {}, "", "", true};
    ChartSeries flagged{"flags (pain, swelling, stiffness)", {}, colors::warn, true};
    for (const nlohmann::json& c : json_array(history, "checkins"))
        flagged.values.push_back(static_cast<float>(
            json_bool(c, "pain_above_baseline").value_or(false) +
            json_bool(c, "swelling").value_or(false) + json_bool(c, "stiffness").value_or(false)));
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
    if (s.history.empty() && ctx.available) {
        s.history = {{"loading", true}};
        ctx.api.request({{"cmd", "history"}, {"runner", s.runner}}, [st = &s](const ApiReply& r) {
            st->history = r.ok ? r.body : nlohmann::json{{"error", reply_error_text(r)}};
        });
    }
    if (!json_text(s.history, "error").empty()) {
        wrapped_in(ctx.ui.fonts.large, "History unavailable: " + json_text(s.history, "error"),
                   colors::warn);
        return;
    }
    charts(ctx, s.history);
}

} // namespace tg::hmi
