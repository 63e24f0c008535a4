#include "controller/cli/report_command.hpp"

#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"
#include "controller/report/pdf_report.hpp"
#include "controller/report/report_error.hpp"
#include "controller/report/report_series.hpp"

namespace tg::cli {

using json = nlohmann::json;

namespace {

constexpr const char* report_help =
    "usage: treadguard report RUNNER --pdf FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "             [--paper a4|letter] [--pin PIN] [--clinician NAME]\n"
    "The episode-of-care progress report as PDF: pain-free limit, weekly volume with the\n"
    "+30 %/2-weeks band, runs per week, cadence, loading rate, symmetry, pain and check-ins,\n"
    "the sessions, the protocol's reasons and (with the clinician PIN) the audit of cap changes.\n";

template <class T>
std::optional<T> optional_of(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    return j[key].get<T>();
}

std::string text_of(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

report::ReportSession session_of(const json& summary) {
    const json& s = summary.at("session");
    const json& steps = summary.at("steps");
    report::ReportSession r;
    r.id = s.at("id").get<long long>();
    r.date = text_of(s, "start_utc").substr(0, 10);
    const double start = s.at("start_unix_ms").get<double>();
    if (s["end_unix_ms"].is_number())
        r.duration_s = (s["end_unix_ms"].get<double>() - start) / 1000.0;
    r.run_time_s = s.at("totals").at("run_time_s").get<double>();
    r.distance_m = optional_of<double>(s["totals"], "distance_m");
    r.speed_cap_kmh = s.at("caps").at("speed_kmh").get<double>();
    r.end_reason = s["end_reason"].is_string() ? s["end_reason"].get<std::string>() : "running";
    r.max_pain = optional_of<int>(s, "max_pain");
    r.limit_s = optional_of<double>(s, "pain_free_limit_s");
    r.limit_kmh = optional_of<double>(s, "pain_free_limit_kmh");
    r.mean_cadence_spm = optional_of<double>(steps, "mean_cadence_spm");
    r.max_valr_bw_s = optional_of<double>(steps, "max_valr_bw_s");
    r.symmetry_pct = optional_of<double>(steps, "contact_time_symmetry_pct");
    return r;
}

bool in_period(const std::string& date, const std::string& from, const std::string& to) {
    return (from.empty() || date >= from) && (to.empty() || date <= to);
}

} // namespace

int run_report(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            out << report_help;
            return exit_ok;
        }
    return guarded("report", err, [&] {
        Arguments a(args, {}, {"--pdf", "--from", "--to", "--paper", "--pin", "--clinician"});
        const std::string runner = a.positional_at(0, "RUNNER");
        const auto pdf = a.option("--pdf");
        if (!pdf) throw UsageError("--pdf FILE is required");
        const std::string paper = a.option("--paper").value_or("a4");
        if (paper != "a4" && paper != "letter") throw UsageError("--paper is a4 or letter");
        report::ReportData d;
        d.period_from = a.option("--from").value_or("");
        d.period_to = a.option("--to").value_or("");
        for (const auto* date : {&d.period_from, &d.period_to})
            if (!date->empty()) (void)report::days_from_date(*date); // throws on a bad date
        d.clinician = a.option("--clinician").value_or("");
        d.version = "controller records";
        int code = controller_request(
            args, {{"cmd", "history"}, {"runner", runner}}, out, err, [&](const json& h) {
                const json& r = h.at("runner");
                d.runner = text_of(r, "name");
                d.injured_side = text_of(r, "injury_side");
                d.profile = text_of(r, "profile");
                d.target_cadence_spm = optional_of<double>(r, "preferred_cadence_spm");
                for (const auto& s : h.at("sessions")) {
                    const std::string date = text_of(s, "start_utc").substr(0, 10);
                    if (!in_period(date, d.period_from, d.period_to)) continue;
                    const auto id = s.at("id").get<long long>();
                    (void)controller_request(
                        args, {{"cmd", "sessions.export"}, {"session_id", id}, {"format", "json"}},
                        out, err, [&](const json& e) {
                            d.sessions.push_back(
                                session_of(json::parse(e.at("content").get<std::string>())));
                        });
                }
                for (const auto& c : h.at("checkins")) {
                    const std::string date = text_of(c, "date");
                    if (in_period(date, d.period_from, d.period_to))
                        d.checkins.push_back({date, c.value("pain_above_baseline", false),
                                              c.value("swelling", false),
                                              c.value("stiffness", false), text_of(c, "notes")});
                }
            });
        if (code != exit_ok) return code;
        if (d.period_from.empty())
            d.period_from = d.sessions.empty() ? "1970-01-01" : d.sessions.front().date;
        if (d.period_to.empty())
            d.period_to = d.sessions.empty() ? d.period_from : d.sessions.back().date;
        if (auto pin = a.option("--pin")) {
            code = controller_request(
                args, {{"cmd", "audit"}, {"pin", *pin}}, out, err, [&](const json& reply) {
                    d.audit_included = true;
                    for (const auto& e : reply.at("entries")) {
                        const std::string what = text_of(e, "what");
                        const std::string when = text_of(e, "when_utc");
                        if (what.find("cap") == std::string::npos ||
                            !in_period(when.substr(0, 10), d.period_from, d.period_to))
                            continue;
                        d.audit.push_back({when, text_of(e, "who"), what, text_of(e, "old_value"),
                                           text_of(e, "new_value"), text_of(e, "why")});
                    }
                });
            if (code != exit_ok) return code;
        }
        // The protocol's reasons: the plan's days from the period's end, as it decides them now.
        (void)controller_request(
            args, {{"cmd", "plan"}, {"runner", runner}, {"days", 7}}, out, err,
            [&](const json& reply) {
                for (const auto& p : reply.value("plans", json::array())) {
                    std::string reasons;
                    for (const auto& r : p.value("reasons", json::array()))
                        reasons += (reasons.empty() ? "" : "; ") +
                                   (r.is_string() ? r.get<std::string>() : r.dump());
                    d.decisions.push_back({text_of(p, "date"), text_of(p, "decision"), reasons});
                }
            });
        try {
            const int pages = report::render_report_pdf(
                d, *pdf, paper == "letter" ? report::Paper::letter : report::Paper::a4);
            report::release_font_caches();
            out << "wrote " << *pdf << " (" << pages << " pages, " << d.sessions.size()
                << " sessions)\n";
            return exit_ok;
        } catch (const report::ReportError& e) {
            err << "treadguard report: " << e.what() << "\n";
            return exit_failure;
        }
    });
}

} // namespace tg::cli
