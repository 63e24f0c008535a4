// Export of a session: steps as CSV, summary as JSON.
#include "controller/store/session_export.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <doctest/doctest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator))
        parts.push_back(part);
    if (!text.empty() && text.back() == separator) parts.emplace_back();
    return parts;
}

} // namespace

TEST_CASE("CSV: header, one row per step in seq order, numbers read back exactly") {
    StoreWithSession r;
    std::vector<StepRecord> steps;
    for (std::int64_t seq = 0; seq < 12; ++seq)
        steps.push_back(sample_step(seq));
    REQUIRE(r.store.append_steps(r.session, steps).ok());

    std::ostringstream out;
    REQUIRE(export_session_csv(r.store, r.session, out).ok());
    const auto lines = split(out.str(), '\n');
    REQUIRE(lines.size() == 1 + 12 + 1); // header, rows, empty after the final newline
    CHECK(lines[0] == "seq,t_s,side,step_time_s,contact_time_s,flight_time_s,peak_force_n,"
                      "peak_force_bw,impact_peak_bw,valr_bw_s,vilr_bw_s,cadence_spm");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto fields = split(lines[i + 1], ',');
        REQUIRE(fields.size() == 12);
        const StepRecord& s = steps[i];
        CHECK(std::stoll(fields[0]) == s.seq);
        CHECK(std::stod(fields[1]) == s.t_s);
        CHECK(fields[2] == (s.side == StepSide::left ? "left" : "right"));
        CHECK(std::stod(fields[4]) == s.contact_time_s);
        CHECK(std::stod(fields[5]) == s.flight_time_s);
        CHECK(std::stod(fields[7]) == s.peak_force_bw);
        if (s.impact_peak_bw)
            CHECK(std::stod(fields[8]) == *s.impact_peak_bw);
        else
            CHECK(fields[8].empty());
        CHECK(std::stod(fields[9]) == s.valr_bw_s);
        CHECK(std::stod(fields[11]) == s.cadence_spm);
    }
    CHECK(lines[4].find(",,") != std::string::npos); // seq 3 has no impact peak
}

TEST_CASE("JSON summary names the runner, caps, totals, side stats, pain and alarms") {
    StoreWithSession r;
    std::vector<StepRecord> steps{sample_step(0), sample_step(1), sample_step(2), sample_step(3)};
    REQUIRE(r.store.append_steps(r.session, steps).ok());
    REQUIRE(r.store.add_pain_report({r.session, 200.0, 3}).ok());
    REQUIRE(r.store
                .add_alarm({r.session, 100.0, "valr_high", AlarmSeverity::advisory,
                            "bad byte \xff in reason"})
                .ok());
    REQUIRE(
        r.store
            .end_session(r.session,
                         {sample_start_ms + 300'000, EndReason::pain, {}, 200.0, 8.0, 650.0, 290.0})
            .ok());

    std::ostringstream out;
    REQUIRE(export_session_json(r.store, r.session, out).ok());
    const auto doc = nlohmann::json::parse(out.str());
    CHECK(doc["format"] == "treadguard.session_summary");
    CHECK(doc["runner"] == "Ana Lopez");
    CHECK(doc["session"]["start_utc"] == "2025-03-01T09:30:00.000Z");
    CHECK(doc["session"]["end_utc"] == "2025-03-01T09:35:00.000Z");
    CHECK(doc["session"]["caps"]["speed_kmh"] == 9.5);
    CHECK(doc["session"]["end_reason"] == "pain");
    CHECK(doc["session"]["pain_free_limit_kmh"] == 8.0);
    CHECK(doc["session"]["max_pain"] == 3);
    CHECK(doc["session"]["totals"]["step_count"] == 4);
    CHECK(doc["session"]["totals"]["distance_m"] == 650.0);
    CHECK(doc["steps"]["count"] == 4);
    CHECK(doc["steps"]["left"]["steps"] == 2);
    CHECK(doc["steps"]["right"]["mean_contact_time_s"].get<double>() == doctest::Approx(0.23));
    REQUIRE(doc["pain_reports"].size() == 1);
    CHECK(doc["pain_reports"][0]["pain"] == 3);
    REQUIRE(doc["alarms"].size() == 1);
    CHECK(doc["alarms"][0]["severity"] == "advisory");
    // Invalid UTF-8 in free text is replaced, not thrown.
    CHECK(doc["alarms"][0]["reason"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("JSON summary of a running session has null end fields") {
    StoreWithSession r;
    std::ostringstream out;
    REQUIRE(export_session_json(r.store, r.session, out).ok());
    const auto doc = nlohmann::json::parse(out.str());
    CHECK(doc["session"]["end_utc"].is_null());
    CHECK(doc["session"]["max_pain"].is_null());
    CHECK(doc["steps"]["contact_time_symmetry_pct"].is_null());
}

TEST_CASE("exporting an unknown session or to a failed stream is an error") {
    StoreWithSession r;
    std::ostringstream out;
    CHECK(export_session_csv(r.store, 999, out).error().code == ErrorCode::not_found);
    CHECK(export_session_json(r.store, 999, out).error().code == ErrorCode::not_found);
    std::ostringstream broken;
    broken.setstate(std::ios::badbit);
    auto status = export_session_csv(r.store, r.session, broken);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("failed") != std::string::npos);
}
