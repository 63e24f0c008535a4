#pragma once
// What a progress report shows, gathered from the records (controller/service/progress_report):
// plain values, so the report can be drawn from a synthetic history in tests.

#include <optional>
#include <string>
#include <vector>

namespace tg::report {

struct ReportSession {
    long long id = 0;
    std::string date; // YYYY-MM-DD, the clinic's local day
    std::string treadmill;
    double duration_s = 0.0;
    double run_time_s = 0.0;
    std::optional<double> distance_m;
    double speed_cap_kmh = 0.0;
    std::string end_reason;
    std::optional<int> max_pain;
    std::optional<double> limit_s;
    std::optional<double> limit_kmh;
    std::optional<double> mean_cadence_spm;
    std::optional<double> max_valr_bw_s;
    std::optional<double> symmetry_pct; // contact-time symmetry index
};

struct ReportCheckin {
    std::string date;
    bool pain_above_baseline = false;
    bool swelling = false;
    bool stiffness = false;
    std::string notes;
};

struct ReportAuditEntry {
    std::string when_utc, who, what, old_value, new_value, why;
};

// One protocol decision (progression, hold, regression) and why.
struct ReportDecision {
    std::string date;
    std::string decision;
    std::string reasons;
};

struct ReportData {
    std::string runner;
    std::string injured_side;
    std::string profile;
    std::string clinician;
    std::string version;
    std::string period_from, period_to; // YYYY-MM-DD
    std::optional<double> target_cadence_spm;
    std::vector<ReportSession> sessions; // oldest first
    std::vector<ReportCheckin> checkins;
    std::vector<ReportAuditEntry> audit; // cap changes in the period
    std::vector<ReportDecision> decisions;
    bool audit_included = false; // false: no clinician PIN was given
};

enum class Paper { a4, letter };

inline constexpr double valr_advisory_bw_s = 66.0;  // the protocol's loading-rate advisory
inline constexpr double weekly_growth_limit = 0.30; // +30 % over two weeks

} // namespace tg::report
