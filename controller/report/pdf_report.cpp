#include "controller/report/pdf_report.hpp"

#include "controller/report/pdf_canvas.hpp"
#include "controller/report/report_chart.hpp"
#include "controller/report/report_series.hpp"

#include <cairo.h>
#include <cmath>
#include <cstdio>
#include <fontconfig/fontconfig.h>
#include <limits>

namespace tg::report {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string fixed(std::optional<double> v, const char* format = "%.1f") {
    if (!v) return "-";
    char t[32];
    std::snprintf(t, sizeof t, format, *v);
    return t;
}

std::string minutes(double seconds) {
    char t[16];
    std::snprintf(t, sizeof t, "%d:%02d", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
    return t;
}

double value_or_nan(std::optional<double> v, double scale = 1.0) {
    return v ? *v * scale : nan;
}

Chart session_chart(const ReportData& d, std::string title, std::string method,
                    std::string y_label) {
    Chart c;
    c.title = std::move(title);
    c.method = std::move(method);
    c.y_label = std::move(y_label);
    c.x_min = static_cast<double>(days_from_date(d.period_from));
    c.x_max = static_cast<double>(days_from_date(d.period_to));
    return c;
}

ChartSeries per_session(const ReportData& d, std::string label, SeriesStyle style,
                        double (*value)(const ReportSession&)) {
    ChartSeries s{std::move(label), style, {}, {}};
    for (const auto& session : d.sessions) {
        s.x.push_back(static_cast<double>(days_from_date(session.date)));
        s.y.push_back(value(session));
    }
    return s;
}

void header(PdfCanvas& cv, const ReportData& d) {
    cv.line("Return-to-run progress report", 16, true);
    cv.advance(4);
    const std::pair<const char*, std::string> rows[] = {
        {"Runner", d.runner},
        {"Injured side", d.injured_side.empty() ? "-" : d.injured_side},
        {"Protocol profile", d.profile.empty() ? "-" : d.profile},
        {"Clinician", d.clinician.empty() ? "-" : d.clinician},
        {"Period", d.period_from + " to " + d.period_to},
        {"Sessions in the period", std::to_string(d.sessions.size())},
        {"Report by", "treadguard " + d.version}};
    for (const auto& [key, value] : rows) {
        cv.need(13);
        cv.font(9.5, true);
        cv.advance(12.5);
        cv.text_at(cv.left(), cv.y(), key);
        cv.font(9.5);
        cv.text_at(cv.left() + 130, cv.y(), value);
    }
    cv.advance(10);
}

void charts(PdfCanvas& cv, const ReportData& d) {
    Chart limit =
        session_chart(d, "Pain-free limit over time",
                      "Run time (minutes) of each session's pain-free limit: when the runner "
                      "pressed 'limit coming' or reported pain above the stop threshold. "
                      "Sessions without a limit (completed as planned) are gaps.",
                      "minutes");
    limit.series.push_back(
        per_session(d, "pain-free limit", SeriesStyle::solid_line,
                    [](const ReportSession& s) { return value_or_nan(s.limit_s, 1.0 / 60); }));
    draw_chart(cv, limit);

    const auto weeks = weekly_totals(d.sessions);
    Chart volume =
        session_chart(d, "Weekly run volume",
                      "Minutes with the belt moving, per calendar week (Monday to Sunday). "
                      "Shaded: at most 30 % more than two weeks before (the ramp-up rule).",
                      "minutes");
    ChartSeries bars{"run minutes per week", SeriesStyle::bars, {}, {}};
    Chart runs =
        session_chart(d, "Runs per week", "Sessions with running per calendar week.", "runs");
    ChartSeries run_bars{"runs per week", SeriesStyle::bars, {}, {}};
    for (const auto& w : weeks) {
        const double mid = static_cast<double>(days_from_date(w.week_start)) + 3.0;
        bars.x.push_back(mid);
        bars.y.push_back(w.run_minutes);
        run_bars.x.push_back(mid);
        run_bars.y.push_back(w.runs);
        volume.band_x.push_back(mid);
        volume.band_hi.push_back(w.band_max_minutes);
    }
    volume.band_label = "+30 % per 2 weeks";
    volume.series.push_back(bars);
    draw_chart(cv, volume);
    runs.series.push_back(run_bars);
    draw_chart(cv, runs);

    Chart cadence =
        session_chart(d, "Cadence against the target",
                      "Mean cadence of each session in steps per minute: 60 / step time, "
                      "over the steps the plate measured.",
                      "steps/min");
    cadence.series.push_back(
        per_session(d, "mean cadence", SeriesStyle::solid_line,
                    [](const ReportSession& s) { return value_or_nan(s.mean_cadence_spm); }));
    if (d.target_cadence_spm) {
        cadence.reference_y = *d.target_cadence_spm;
        cadence.reference_label = "target " + fixed(d.target_cadence_spm, "%.0f") + " steps/min";
    }
    cadence.y_min = 100;
    draw_chart(cv, cadence);

    Chart valr = session_chart(
        d, "Loading rate against the 66 BW/s advisory",
        "Highest VALR of each session: 0.6 x impact peak / time from 20 % to 80 % of the impact "
        "peak, in body weights per second, on the vertical force after a causal 2nd-order "
        "Butterworth low-pass at 50 Hz (1 kHz sampling).",
        "BW/s");
    valr.series.push_back(
        per_session(d, "highest VALR", SeriesStyle::markers,
                    [](const ReportSession& s) { return value_or_nan(s.max_valr_bw_s); }));
    valr.reference_y = valr_advisory_bw_s;
    valr.reference_label = "advisory 66 BW/s";
    draw_chart(cv, valr);

    Chart symmetry = session_chart(
        d, "Left/right symmetry",
        "Contact-time symmetry index: 100 x |left - right| / mean of both, per session; left "
        "and right from the centre of pressure. 0 % is symmetric.",
        "%");
    symmetry.series.push_back(
        per_session(d, "contact-time symmetry", SeriesStyle::solid_line,
                    [](const ReportSession& s) { return value_or_nan(s.symmetry_pct); }));
    draw_chart(cv, symmetry);

    Chart pain = session_chart(d, "Pain and next-morning check-ins",
                               "Highest pain reported in each session (0-10, solid line); squares: "
                               "number of symptoms at the next-morning check-in (pain above "
                               "baseline, swelling, stiffness), 0 when none.",
                               "0-10");
    pain.series.push_back(
        per_session(d, "highest pain", SeriesStyle::solid_line, [](const ReportSession& s) {
            return s.max_pain ? static_cast<double>(*s.max_pain) : nan;
        }));
    ChartSeries checks{"check-in symptoms", SeriesStyle::markers, {}, {}};
    for (const auto& c : d.checkins) {
        checks.x.push_back(static_cast<double>(days_from_date(c.date)));
        checks.y.push_back(static_cast<double>(c.pain_above_baseline + c.swelling + c.stiffness));
    }
    pain.series.push_back(checks);
    pain.y_max = 10;
    draw_chart(cv, pain);
}

void table(PdfCanvas& cv, const std::vector<std::string>& heads, const std::vector<double>& widths,
           const std::vector<std::vector<std::string>>& rows) {
    auto row = [&](const std::vector<std::string>& cells, bool bold) {
        cv.need(11);
        cv.font(7, bold);
        cv.advance(10);
        double x = cv.left();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            cv.text_at(x, cv.y(), cells[i]);
            x += widths[i] * cv.width();
        }
    };
    row(heads, true);
    for (const auto& r : rows) {
        if (cv.y() + 11 > page_size(Paper::letter).height_pt - PdfCanvas::margin) {
            cv.new_page();
            row(heads, true);
        }
        row(r, false);
    }
    cv.advance(8);
}

void sessions_table(PdfCanvas& cv, const ReportData& d) {
    cv.need(60);
    cv.line("Sessions", 11, true);
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : d.sessions) {
        const std::optional<double> speed = s.distance_m && s.run_time_s > 0
                                                ? std::optional(*s.distance_m / s.run_time_s * 3.6)
                                                : std::nullopt;
        rows.push_back({s.date, s.treadmill.empty() ? "-" : s.treadmill, minutes(s.duration_s),
                        minutes(s.run_time_s), fixed(s.distance_m, "%.0f"), fixed(speed),
                        s.end_reason, s.max_pain ? std::to_string(*s.max_pain) : "-",
                        s.limit_s ? minutes(*s.limit_s) + " @ " + fixed(s.limit_kmh) : "-"});
    }
    table(
        cv,
        {"date", "treadmill", "duration", "run time", "distance m", "km/h", "end", "pain", "limit"},
        {0.12, 0.12, 0.09, 0.09, 0.1, 0.07, 0.2, 0.06, 0.15}, rows);
}

void decisions(PdfCanvas& cv, const ReportData& d) {
    cv.need(40);
    cv.line("Protocol decisions and their reasons", 11, true);
    if (d.decisions.empty()) cv.paragraph("No decisions in the period.");
    for (const auto& x : d.decisions) {
        cv.need(24);
        cv.line(x.date + "  " + x.decision, 8.5, true);
        cv.paragraph(x.reasons, 8, 12);
    }
    cv.advance(8);
}

void audit(PdfCanvas& cv, const ReportData& d) {
    cv.need(40);
    cv.line("Audit of cap changes", 11, true);
    if (!d.audit_included) {
        cv.paragraph(
            "Not included: the audit log needs the clinician PIN (treadguard report --pin PIN).");
        return;
    }
    if (d.audit.empty()) cv.paragraph("No cap changes in the period.");
    for (const auto& e : d.audit) {
        cv.need(24);
        cv.line(e.when_utc + "  " + e.who + ": " + e.what, 8.5, true);
        cv.paragraph((e.old_value.empty() ? "-" : e.old_value) + " -> " +
                         (e.new_value.empty() ? "-" : e.new_value) +
                         (e.why.empty() ? "" : ". Why: " + e.why),
                     8, 12);
    }
}

} // namespace

int render_report_pdf(const ReportData& d, const std::string& path, Paper paper) {
    PdfCanvas cv(path, paper,
                 "treadguard progress report: " + d.runner + ", " + d.period_from + " to " +
                     d.period_to);
    header(cv, d);
    charts(cv, d);
    cv.new_page();
    sessions_table(cv, d);
    decisions(cv, d);
    audit(cv, d);
    cv.finish();
    return cv.pages();
}

void release_font_caches() {
    cairo_debug_reset_static_data();
    FcFini();
}

} // namespace tg::report
