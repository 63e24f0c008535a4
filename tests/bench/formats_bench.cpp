// Figures for the formats of issue 15, one key=value line each: C3D read speed against
// file size, FIT export time of a 60-minute session, PDF report time for 6 months.
#include "controller/c3d/c3d_file.hpp"
#include "controller/c3d/c3d_writer.hpp"
#include "controller/fit/fit_activity.hpp"
#include "controller/fit/session_activity.hpp"
#include "controller/report/pdf_report.hpp"
#include "controller/report/report_series.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

using namespace tg;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

void c3d_speed(double seconds_of_data, bool float_data) {
    c3d::C3dContent c;
    c.float_data = float_data;
    const auto n = static_cast<std::size_t>(seconds_of_data * 1000.0);
    for (int k = 0; k < 8; ++k) {
        c3d::AnalogChannelData ch{"Fz" + std::to_string(k + 1), "N", "", std::vector<double>(n)};
        for (std::size_t i = 0; i < n; ++i)
            ch.values[i] = 400.0 * std::sin(0.01 * static_cast<double>(i + k));
        c.channels.push_back(std::move(ch));
    }
    const auto bytes = c3d::encode_c3d(c, "bench.c3d");
    double best = 1e9;
    for (int rep = 0; rep < 3; ++rep) {
        const auto t = Clock::now();
        const auto file = c3d::parse_c3d(bytes, "bench.c3d");
        best = std::min(best, seconds_since(t));
        if (file.analog_sample_count() != n) std::abort();
    }
    const double samples = static_cast<double>(n * 8);
    std::printf("c3d_read_%s_file_mb=%.1f c3d_read_%s_msamples_per_s=%.1f\n",
                float_data ? "float" : "int16", static_cast<double>(bytes.size()) / 1e6,
                float_data ? "float" : "int16", samples / best / 1e6);
}

} // namespace

int main() {
    for (double s : {60.0, 600.0, 1800.0}) {
        c3d_speed(s, true);
        c3d_speed(s, false);
    }

    std::vector<fit::SessionStep> steps;
    for (double t = 0; t < 3600.0; t += 60.0 / 164.0)
        steps.push_back({t, 164.0, 0.1, 2.4, 60.0});
    fit::SessionTotals totals{1764633600.0, 3600.0, 10000.0, 3600.0, 1};
    auto t = Clock::now();
    const auto bytes = fit::encode_activity(fit::session_activity(totals, steps));
    std::printf("fit_export_60min_s=%.4f fit_export_60min_bytes=%zu\n", seconds_since(t),
                bytes.size());

    report::ReportData d;
    d.runner = "bench";
    d.period_from = "2026-01-05";
    d.period_to = "2026-07-05";
    const long first = report::days_from_date(d.period_from);
    for (int day = 0; day < 182; day += 2) {
        report::ReportSession s;
        s.id = day;
        s.date = report::date_from_days(first + day);
        s.run_time_s = 600 + day * 5;
        s.duration_s = s.run_time_s + 600;
        s.distance_m = s.run_time_s * 2.5;
        s.end_reason = "completed";
        s.mean_cadence_spm = 160;
        s.max_valr_bw_s = 60;
        s.symmetry_pct = 5;
        d.sessions.push_back(s);
    }
    const std::string pdf =
        std::filesystem::temp_directory_path() / ("tg-bench-" + std::to_string(getpid()) + ".pdf");
    t = Clock::now();
    const int pages = report::render_report_pdf(d, pdf, report::Paper::a4);
    std::printf("report_6_months_s=%.3f report_6_months_pages=%d report_6_months_sessions=%zu\n",
                seconds_since(t), pages, d.sessions.size());
    std::filesystem::remove(pdf);
    return 0;
}
