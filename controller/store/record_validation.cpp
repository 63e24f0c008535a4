#include "controller/store/record_validation.hpp"

#include "controller/store/audit_secrets.hpp"
#include "controller/store/utc_time_text.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace tg::store {

namespace {

// Checks accumulate into the first failure so each validate() reads as a list.
class Checker {
public:
    explicit Checker(std::string record) : record_(std::move(record)) {}

    Checker& range(const char* field, double value, double low, double high) {
        if (failed_) return *this;
        if (!std::isfinite(value) || value < low || value > high)
            fail(std::string(field) + " = " + number(value) + " is outside [" + number(low) + ", " +
                 number(high) + "]");
        return *this;
    }
    Checker& finite(const char* field, double value) {
        if (!failed_ && !std::isfinite(value)) fail(std::string(field) + " is not a finite number");
        return *this;
    }
    // An unmeasured metric (empty) passes; a measured one must be in range.
    Checker& range(const char* field, const std::optional<double>& value, double low, double high) {
        return value ? range(field, *value, low, high) : *this;
    }
    Checker& finite(const char* field, const std::optional<double>& value) {
        return value ? finite(field, *value) : *this;
    }
    Checker& not_empty(const char* field, std::string_view text) {
        if (!failed_ && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
            fail(std::string(field) + " is empty");
        return *this;
    }
    Checker& max_length(const char* field, std::string_view text, std::size_t limit) {
        if (!failed_ && text.size() > limit)
            fail(std::string(field) + " is longer than " + std::to_string(limit) + " bytes");
        return *this;
    }
    Checker& row_id(const char* field, RowId id) {
        if (!failed_ && id <= 0)
            fail(std::string(field) + " = " + std::to_string(id) + " is not a valid id");
        return *this;
    }
    Checker& date(const char* field, std::string_view text) {
        if (!failed_ && !is_calendar_date(text))
            fail(std::string(field) + " '" + std::string(text) + "' is not a YYYY-MM-DD date");
        return *this;
    }
    Checker& unix_ms(const char* field, std::int64_t value) {
        if (!failed_ && !is_storable_unix_ms(value))
            fail(std::string(field) + " = " + std::to_string(value) +
                 " is not a unix time in milliseconds between 1970 and 9999");
        return *this;
    }
    Status status() const {
        if (failed_) return make_error(ErrorCode::invalid_argument, message_);
        return {};
    }

private:
    static std::string number(double value) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", value);
        return text;
    }
    void fail(std::string reason) {
        failed_ = true;
        message_ = record_ + ": " + reason;
    }

    std::string record_;
    bool failed_ = false;
    std::string message_;
};

constexpr std::size_t max_name_bytes = 200;
constexpr std::size_t max_text_bytes = 64 * 1024;

} // namespace

Status validate(const Runner& r) {
    // A preferred cadence of 0 means "not measured yet": the cadence profile measures it.
    const double cadence_min = r.preferred_cadence_spm == 0.0 ? 0.0 : 60.0;
    return Checker("runner")
        .not_empty("name", r.name)
        .max_length("name", r.name, max_name_bytes)
        .range("body_mass_kg", r.body_mass_kg, 20.0, 350.0)
        .range("preferred_cadence_spm", r.preferred_cadence_spm, cadence_min, 260.0)
        .max_length("injury_notes", r.injury_notes, max_text_bytes)
        .range("target_speed_kmh", r.target_speed_kmh, 0.0, 30.0)
        .range("target_duration_min", r.target_duration_min, 0.0, 600.0)
        .range("target_runs_per_week", r.target_runs_per_week, 0.0, 14.0)
        .max_length("profile_name", r.profile_name, max_name_bytes)
        .status();
}

Status validate(const PlanDay& p) {
    Checker check("plan");
    check.row_id("runner_id", p.runner_id).date("date", p.date);
    if (auto status = check.status(); !status) return status;
    if (!p.phases.is_array())
        return make_error(ErrorCode::invalid_argument, "plan: phases must be a JSON array");
    return {};
}

Status validate(const SessionStart& s) {
    return Checker("session start")
        .row_id("runner_id", s.runner_id)
        .unix_ms("start_unix_ms", s.start_unix_ms)
        .not_empty("profile_name", s.profile_name)
        .max_length("profile_name", s.profile_name, max_name_bytes)
        .range("caps.speed_kmh", s.caps.speed_kmh, 0.1, 30.0)
        .range("caps.duration_s", s.caps.duration_s, 1.0, 6.0 * 3600.0)
        .range("caps.pain_stop_threshold", s.caps.pain_stop_threshold, 0.0, 10.0)
        .status();
}

Status validate(const SessionEnd& e) {
    if (std::string_view(end_reason_name(e.end_reason)) == "unknown")
        return make_error(ErrorCode::invalid_argument,
                          "session end: end_reason " +
                              std::to_string(static_cast<int>(e.end_reason)) +
                              " is not one of the defined end reasons");
    return Checker("session end")
        .unix_ms("end_unix_ms", e.end_unix_ms)
        .not_empty("alarm_code", e.alarm_code.value_or("x"))
        .max_length("alarm_code", e.alarm_code.value_or(""), max_name_bytes)
        .range("pain_free_limit_s", e.pain_free_limit_s, 0.0, 24.0 * 3600.0)
        .range("pain_free_limit_kmh", e.pain_free_limit_kmh, 0.0, 30.0)
        .range("distance_m", e.distance_m, 0.0, 1.0e6)
        .range("run_time_s", e.run_time_s, 0.0, 24.0 * 3600.0)
        .range("run_distance_m", e.run_distance_m, 0.0, 1.0e6)
        .status();
}

Status validate(const StepRecord& s) {
    constexpr double huge = 1.0e9;
    return Checker("step " + std::to_string(s.seq))
        .range("seq", static_cast<double>(s.seq), 0.0, 9.0e15)
        .range("t_s", s.t_s, 0.0, huge)
        .range("step_time_s", s.step_time_s, 0.0, huge)
        .range("contact_time_s", s.contact_time_s, 0.0, huge)
        .finite("flight_time_s", s.flight_time_s)
        .range("peak_force_n", s.peak_force_n, 0.0, huge)
        .range("peak_force_bw", s.peak_force_bw, 0.0, huge)
        .range("impact_peak_bw", s.impact_peak_bw.value_or(0.0), 0.0, huge)
        .finite("valr_bw_s", s.valr_bw_s)
        .finite("vilr_bw_s", s.vilr_bw_s)
        .range("cadence_spm", s.cadence_spm, 0.0, huge)
        .status();
}

Status validate(const PainReport& p) {
    return Checker("pain report")
        .row_id("session_id", p.session_id)
        .range("t_s", p.t_s, 0.0, 1.0e9)
        .range("pain", p.pain, 0.0, 10.0)
        .status();
}

Status validate(const ClinicianClearance& c) {
    return Checker("clinician clearance")
        .row_id("runner_id", c.runner_id)
        .date("date", c.date)
        .not_empty("clinician", c.clinician)
        .max_length("clinician", c.clinician, max_name_bytes)
        .not_empty("reason", c.reason)
        .max_length("reason", c.reason, max_text_bytes)
        .unix_ms("when_unix_ms", c.when_unix_ms)
        .status();
}

Status validate(const EntryCheckAnswer& a) {
    return Checker("entry check")
        .row_id("runner_id", a.runner_id)
        .date("date", a.date)
        .not_empty("check_id", a.check_id)
        .max_length("check_id", a.check_id, max_name_bytes)
        .not_empty("answered_by", a.answered_by)
        .max_length("answered_by", a.answered_by, max_name_bytes)
        .max_length("notes", a.notes, max_text_bytes)
        .unix_ms("when_unix_ms", a.when_unix_ms)
        .status();
}

Status validate(const CheckIn& c) {
    return Checker("check-in")
        .row_id("runner_id", c.runner_id)
        .date("date", c.date)
        .range("pain_vs_baseline", c.pain_vs_baseline, -10.0, 10.0)
        .max_length("notes", c.notes, max_text_bytes)
        .status();
}

Status validate(const AlarmRecord& a) {
    return Checker("alarm")
        .row_id("session_id", a.session_id)
        .range("t_s", a.t_s, 0.0, 1.0e9)
        .not_empty("code", a.code)
        .max_length("code", a.code, max_name_bytes)
        .max_length("reason", a.reason, max_text_bytes)
        .status();
}

Status validate(const AuditEntry& e) {
    const std::pair<const char*, const std::string*> texts[] = {{"who", &e.who},
                                                                {"client", &e.client},
                                                                {"what", &e.what},
                                                                {"old_value", &e.old_value},
                                                                {"new_value", &e.new_value},
                                                                {"why", &e.why}};
    for (const auto& [field, text] : texts)
        if (mentions_pin_field(*text))
            return make_error(ErrorCode::invalid_argument,
                              std::string("audit entry: ") + field +
                                  " carries a PIN field (pin, new_pin or old_pin); "
                                  "secrets are never written to the audit log");
    return Checker("audit entry")
        .not_empty("who", e.who)
        .max_length("who", e.who, max_name_bytes)
        .unix_ms("when_unix_ms", e.when_unix_ms)
        .max_length("client", e.client, max_name_bytes)
        .not_empty("what", e.what)
        .max_length("what", e.what, max_name_bytes)
        .max_length("old_value", e.old_value, max_text_bytes)
        .max_length("new_value", e.new_value, max_text_bytes)
        .max_length("why", e.why, max_text_bytes)
        .status();
}

} // namespace tg::store
