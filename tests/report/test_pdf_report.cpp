// The progress report from a synthetic 12-week history: multi-page PDF in A4 and
// Letter, rendered by pdftoppm (greyscale) and read back by pdftotext and pdffonts.
#include "controller/report/pdf_report.hpp"
#include "controller/report/report_series.hpp"
#include "tests/support/sim_process.hpp"

#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace tg;

namespace {

// Shell commands with a time limit (tests/support): npm may take a while.
testing::CommandResult run(const std::string& command) {
    return testing::run_command(command, 300);
}

// 12 weeks, 3 runs a week, a limit that grows, a hold after a painful week, cap changes.
report::ReportData twelve_weeks() {
    report::ReportData d;
    d.runner = "Ana Synthetic";
    d.injured_side = "left";
    d.profile = "pain-free-limit";
    d.clinician = "Dr. Test";
    d.version = "0.1-test";
    d.period_from = "2026-01-05";
    d.period_to = "2026-03-29";
    d.target_cadence_spm = 168;
    d.audit_included = true;
    const long first = report::days_from_date(d.period_from);
    long long id = 1;
    for (int week = 0; week < 12; ++week) {
        for (int run = 0; run < 3; ++run) {
            report::ReportSession s;
            s.id = id++;
            s.date = report::date_from_days(first + week * 7 + run * 2);
            s.treadmill = "clinic-1";
            s.run_time_s = 300.0 + 60.0 * week + (week == 6 ? -120.0 : 0.0);
            s.duration_s = s.run_time_s + 600.0;
            s.distance_m = s.run_time_s * 2.5;
            s.speed_cap_kmh = 9.0;
            s.end_reason = run == 2 && week % 4 == 3 ? "limit coming" : "completed";
            s.max_pain = week == 5 ? 4 : 1;
            if (s.end_reason == "limit coming") {
                s.limit_s = s.run_time_s;
                s.limit_kmh = 9.0;
            }
            s.mean_cadence_spm = 158.0 + 0.8 * week;
            s.max_valr_bw_s = 75.0 - 1.5 * week;
            s.symmetry_pct = 12.0 - 0.7 * week;
            d.sessions.push_back(s);
            d.checkins.push_back({report::date_from_days(first + week * 7 + run * 2 + 1), week == 5,
                                  week == 5 && run == 1, false, ""});
        }
        d.decisions.push_back({report::date_from_days(first + week * 7),
                               week == 6 ? "hold" : "progression",
                               week == 6 ? "pain 4/10 in the week before: no progression"
                                         : "no pain above 2/10 and no symptoms at the check-ins: "
                                           "+1 minute of running"});
    }
    d.audit.push_back({"2026-02-02T09:00:00Z", "Dr. Test", "speed cap", "8.5 km/h", "9.0 km/h",
                       "tolerating 8.5 km/h for two weeks"});
    d.audit.push_back({"2026-02-16T09:00:00Z", "Dr. Test", "duration cap", "20 min", "15 min",
                       "pain 4/10, step back"});
    return d;
}

fs::path temp_dir() {
    const fs::path dir = fs::temp_directory_path() / ("tg-report-" + std::to_string(getpid()));
    fs::create_directories(dir);
    return dir;
}

} // namespace

TEST_CASE("Weeks run Monday to Sunday; the band is 1.3 x two weeks before") {
    CHECK(report::days_from_date("1970-01-01") == 0);
    CHECK(report::date_from_days(report::days_from_date("2026-03-01")) == "2026-03-01");
    const auto weeks = report::weekly_totals(twelve_weeks().sessions);
    REQUIRE(weeks.size() == 12);
    CHECK(weeks[0].week_start == "2026-01-05"); // a Monday
    CHECK(weeks[0].runs == 3);
    CHECK(weeks[0].run_minutes == doctest::Approx(15.0));
    CHECK(weeks[1].band_max_minutes < 0);
    CHECK(weeks[2].band_max_minutes == doctest::Approx(1.3 * 15.0));
}

TEST_CASE("A 12-week history makes a multi-page report in A4 and Letter, readable as text") {
    for (const auto paper : {report::Paper::a4, report::Paper::letter}) {
        const bool a4 = paper == report::Paper::a4;
        CAPTURE(a4);
        const fs::path pdf = temp_dir() / (a4 ? "report-a4.pdf" : "report-letter.pdf");
        const int pages = report::render_report_pdf(twelve_weeks(), pdf.string(), paper);
        CHECK(pages >= 3);

        const auto info = run("pdfinfo " + pdf.string());
        REQUIRE_MESSAGE(info.exit_code == 0, info.output);
        const auto at = info.output.find("Pages:");
        REQUIRE(at != std::string::npos);
        CHECK(std::stoi(info.output.substr(at + 6)) == pages);
        CHECK(info.output.find(a4 ? "595.276 x 841.89 pts (A4)" : "612 x 792 pts (letter)") !=
              std::string::npos);

        const auto text = run("pdftotext -layout " + pdf.string() + " -");
        REQUIRE(text.exit_code == 0);
        for (const char* wanted : {"Ana Synthetic",
                                   "Injured side",
                                   "left",
                                   "pain-free-limit",
                                   "Dr. Test",
                                   "0.1-test",
                                   "2026-01-05 to 2026-03-29",
                                   "Pain-free limit over time",
                                   "Weekly run volume",
                                   "+30 % per 2 weeks",
                                   "Runs per week",
                                   "Cadence against the target",
                                   "Loading rate against the 66 BW/s advisory",
                                   "0.6 x impact peak",
                                   "Butterworth",
                                   "Left/right symmetry",
                                   "next-morning check-in",
                                   "Sessions",
                                   "2026-03-27",
                                   "limit coming",
                                   "Protocol decisions",
                                   "hold",
                                   "pain 4/10 in the week before",
                                   "Audit of cap changes",
                                   "8.5 km/h -> 9.0 km/h",
                                   "tolerating 8.5 km/h"})
            CHECK_MESSAGE(text.output.find(wanted) != std::string::npos, "missing: " << wanted);

        const auto fonts = run("pdffonts " + pdf.string());
        CHECK(fonts.output.find("DejaVuSans") != std::string::npos);
        CHECK(fonts.output.find(" no  ") == std::string::npos); // every font embedded

        // Greyscale rendering of page 1: the plots leave plenty of ink (grey bars included).
        const fs::path prefix = pdf.parent_path() / (a4 ? "page-a4" : "page-letter");
        const auto render =
            run("pdftoppm -gray -r 50 -f 1 -l 1 " + pdf.string() + " " + prefix.string());
        REQUIRE_MESSAGE(render.exit_code == 0, render.output);
        fs::path pgm;
        for (const auto& e : fs::directory_iterator(pdf.parent_path()))
            if (e.path().filename().string().starts_with(prefix.filename().string()))
                pgm = e.path();
        REQUIRE(!pgm.empty());
        std::ifstream in(pgm, std::ios::binary);
        std::string magic;
        int w = 0, h = 0, max = 0;
        in >> magic >> w >> h >> max;
        in.get();
        std::size_t dark = 0;
        for (int i = 0; i < w * h; ++i)
            dark += in.get() < 200;
        MESSAGE("page 1 at 50 dpi: " << w << "x" << h << ", " << dark << " dark pixels");
        CHECK(magic == "P5");
        CHECK(dark > static_cast<std::size_t>(w * h) / 50);
    }
}

TEST_CASE("A report that cannot be written is refused with the path") {
    CHECK_THROWS_WITH(
        report::render_report_pdf(twelve_weeks(), "/nonexistent-dir/r.pdf", report::Paper::a4),
        doctest::Contains("/nonexistent-dir/r.pdf"));
}

TEST_CASE("Font caches are released at the end (leak checkers see only real leaks)") {
    report::release_font_caches();
}
