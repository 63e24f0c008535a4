#include "controller/cli/records_commands.hpp"

#include "controller/api/api_requests.hpp"
#include "controller/api/audit_messages.hpp"
#include "controller/api/request_bounds.hpp"
#include "controller/api/session_messages.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"
#include "controller/cli/session_format_export.hpp"

#include <cstdio>
#include <fstream>

namespace tg::cli {

namespace bounds = api::bounds;

using json = nlohmann::json;

namespace {

bool wants_help(std::span<const std::string> args, std::ostream& out, const char* usage) {
    for (const auto& a : args) {
        if (a == "--help" || a == "-h") {
            out << usage;
            return true;
        }
    }
    return false;
}

std::string text_or(const json& j, const char* fallback = "-") {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", j.get<double>());
        return buf;
    }
    return fallback;
}

std::string number_or(const std::optional<double>& v, const char* fallback = "-") {
    if (!v) return fallback;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", *v);
    return buf;
}

// "emergency stop", "fault (drive_fault)", "running"
std::string end_text(const api::SessionSummary& s) {
    if (!s.end_reason) return "running";
    std::string text = api::end_reason_text(*s.end_reason);
    if (s.alarm_code) text += " (" + *s.alarm_code + ")";
    return text;
}

} // namespace

int run_audit(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(
            args, out,
            "usage: treadguard audit --pin PIN [--json]\n"
            "The audit log, oldest first: who (and which client) changed what, when, why.\n"))
        return exit_ok;
    return guarded("audit", err, [&] {
        Arguments a(args, {"--json"}, {"--pin"});
        const auto pin = a.option("--pin");
        if (!pin) throw UsageError("--pin PIN is required (the clinician PIN)");
        return controller_request_as<api::AuditReply>(
            args, api::PinRequest{"audit", *pin}, out, err,
            [&](const api::AuditReply& reply, const json& raw) {
                if (a.flag("--json")) {
                    out << raw["entries"].dump() << "\n";
                    return;
                }
                for (const auto& e : reply.entries) {
                    out << e.when_utc << "  " << e.who;
                    if (!e.client.empty()) out << " (" << e.client << ")";
                    out << "  " << e.what;
                    if (!e.old_value.empty() || !e.new_value.empty())
                        out << ": " << (e.old_value.empty() ? "-" : e.old_value) << " -> "
                            << (e.new_value.empty() ? "-" : e.new_value);
                    if (!e.why.empty()) out << "  (" << e.why << ")";
                    out << "\n";
                }
            });
    });
}

int run_runners(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(
            args, out,
            "usage: treadguard runners list [--json]\n"
            "       treadguard runners add NAME --mass KG [--cadence SPM] [--target-speed KMH]\n"
            "             [--target-min MIN] [--runs-per-week N] [--side left|right|both|none]\n"
            "             [--notes TEXT] [--profile NAME]\n"))
        return exit_ok;
    return guarded("runners", err, [&] {
        Arguments a(args, {"--json"},
                    {"--mass", "--cadence", "--target-speed", "--target-min", "--runs-per-week",
                     "--side", "--notes", "--profile"});
        const auto verb = a.positional_at(0, "list or add");
        if (verb == "list") {
            return controller_request(
                args, {{"cmd", "runners.list"}}, out, err, [&](const json& reply) {
                    if (a.flag("--json")) {
                        out << reply["runners"].dump() << "\n";
                        return;
                    }
                    for (const auto& r : reply["runners"])
                        out << r["name"].get<std::string>() << "  " << text_or(r["mass_kg"])
                            << " kg  profile " << r["profile"].get<std::string>() << "  target "
                            << text_or(r["target_speed_kmh"]) << " km/h x "
                            << text_or(r["target_duration_min"]) << " min\n";
                });
        }
        if (verb != "add") throw UsageError("expected 'list' or 'add', got '" + verb + "'");
        json req = {{"cmd", "runners.add"},
                    {"name", a.positional_at(1, "NAME")},
                    {"mass_kg", a.number("--mass", bounds::body_mass_kg, std::nullopt)}};
        if (a.option("--cadence"))
            req["preferred_cadence_spm"] = a.number("--cadence", bounds::cadence_spm, 0);
        if (a.option("--target-speed"))
            req["target_speed_kmh"] = a.number("--target-speed", bounds::target_speed_kmh, 0);
        if (a.option("--target-min"))
            req["target_duration_min"] = a.number("--target-min", bounds::target_duration_min, 0);
        if (a.option("--runs-per-week"))
            req["runs_per_week"] =
                static_cast<std::int64_t>(a.number("--runs-per-week", bounds::runs_per_week, 0));
        if (auto side = a.option("--side")) req["injury_side"] = *side;
        if (auto notes = a.option("--notes")) req["notes"] = *notes;
        if (auto profile = a.option("--profile")) req["profile"] = *profile;
        return controller_request(args, req, out, err, [&](const json& reply) {
            if (a.flag("--json"))
                out << reply["runner"].dump() << "\n";
            else
                out << "runner " << reply["runner"]["name"].get<std::string>() << " added\n";
        });
    });
}

int run_checkin(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args, out,
                   "usage: treadguard checkin --runner NAME [--pain-above-baseline] [--swelling] "
                   "[--stiffness]\n"
                   "             [--notes TEXT] [--date YYYY-MM-DD]\n"
                   "The next-morning check-in: any symptom means a rest day and no progression.\n"))
        return exit_ok;
    return guarded("checkin", err, [&] {
        Arguments a(args, {"--pain-above-baseline", "--swelling", "--stiffness", "--json"},
                    {"--runner", "--notes", "--date"});
        auto runner = a.option("--runner");
        if (!runner) throw UsageError("--runner NAME is required");
        json req = {{"cmd", "checkin"},
                    {"runner", *runner},
                    {"pain_above_baseline", a.flag("--pain-above-baseline")},
                    {"swelling", a.flag("--swelling")},
                    {"stiffness", a.flag("--stiffness")}};
        if (auto n = a.option("--notes")) req["notes"] = *n;
        if (auto d = a.option("--date")) req["date"] = *d;
        return controller_request(args, req, out, err, [&](const json& reply) {
            if (a.flag("--json"))
                out << reply.dump() << "\n";
            else
                out << reply["advice"].get<std::string>() << "\n";
        });
    });
}

int run_sessions(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(
            args, out,
            "usage: treadguard sessions list [--runner NAME] [--json]\n"
            "       treadguard sessions show ID [--json]\n"
            "       treadguard sessions export ID [--format csv|json|recording] [--out FILE]\n"
            "  csv: one row per step; json: the summary; recording: the raw force (analyze reads "
            "it)\n"
            "       treadguard sessions export ID --format c3d|fit --out FILE\n"
            "       treadguard sessions export ID --format force-csv [--out FILE]\n"
            "  c3d: the raw force with a force platform description; fit: the run for a watch "
            "app;\n  force-csv: the raw force with units and calibration stated\n"))
        return exit_ok;
    return guarded("sessions", err, [&] {
        Arguments a(args, {"--json"}, {"--runner", "--format", "--out"});
        const auto verb = a.positional_at(0, "list, show or export");
        if (verb == "list") {
            json req = {{"cmd", "sessions.list"}};
            if (auto r = a.option("--runner")) req["runner"] = *r;
            return controller_request_as<api::SessionsListReply>(
                args, req, out, err, [&](const api::SessionsListReply& reply, const json& raw) {
                    if (a.flag("--json")) {
                        out << raw["sessions"].dump() << "\n";
                        return;
                    }
                    for (const auto& s : reply.sessions)
                        out << s.id << "  " << s.runner.value_or("-") << "  " << s.start_utc
                            << "  steps " << s.steps << "  limit " << number_or(s.pain_free_limit_s)
                            << " s at " << number_or(s.pain_free_limit_kmh) << " km/h  end "
                            << end_text(s) << "\n";
                });
        }
        const auto id =
            static_cast<long long>(parse_number(a.positional_at(1, "ID"), "ID", 1, 1e15));
        if (verb == "show") {
            return controller_request_as<api::SessionShowReply>(
                args, {{"cmd", "sessions.show"}, {"session_id", id}}, out, err,
                [&](const api::SessionShowReply& reply, const json& raw) {
                    if (a.flag("--json")) {
                        out << raw.dump() << "\n";
                        return;
                    }
                    const auto& s = reply.session;
                    out << "session " << id << " (" << s.runner.value_or("-") << "), "
                        << s.start_utc << "\n  end: " << end_text(s)
                        << "\n  pain-free limit: " << number_or(s.pain_free_limit_s) << " s at "
                        << number_or(s.pain_free_limit_kmh) << " km/h"
                        << "\n  run time: " << number_or(s.run_time_s)
                        << " s, distance: " << number_or(s.distance_m) << " m"
                        << "\n  steps: " << reply.steps_count << ", mean cadence "
                        << number_or(reply.mean_cadence_spm) << " steps/min, max VALR "
                        << number_or(reply.max_valr_bw_s)
                        << " BW/s\n  pain reports: " << reply.pain.size()
                        << ", alarms: " << reply.alarms.size() << "\n";
                    for (const auto& al : reply.alarms)
                        out << "    " << number_or(al.t_s) << " s  " << al.code << ": " << al.reason
                            << "\n";
                });
        }
        if (verb != "export") throw UsageError("expected list, show or export, got '" + verb + "'");
        const auto format = a.option("--format").value_or("csv");
        if (is_converted_format(format))
            return export_session_as(args, id, format, a.option("--out"), out, err);
        return controller_request(
            args, {{"cmd", "sessions.export"}, {"session_id", id}, {"format", format}}, out, err,
            [&](const json& reply) {
                const auto content = reply["content"].get<std::string>();
                if (auto file = a.option("--out")) {
                    std::ofstream(*file) << content;
                    out << "wrote " << *file << "\n";
                } else {
                    out << content;
                }
            });
    });
}

int run_plan(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args, out,
                   "usage: treadguard plan RUNNER [--days N] [--date YYYY-MM-DD] [--json]\n"
                   "The next N days (default 14) as the protocol engine plans them today, with "
                   "reasons.\n"))
        return exit_ok;
    return guarded("plan", err, [&] {
        Arguments a(args, {"--json"}, {"--days", "--date"});
        json req = {{"cmd", "plan"},
                    {"runner", a.positional_at(0, "RUNNER")},
                    {"days", static_cast<std::int64_t>(a.number("--days", bounds::plan_days, 14))}};
        if (auto d = a.option("--date")) req["date"] = *d;
        return controller_request(args, req, out, err, [&](const json& reply) {
            if (a.flag("--json"))
                out << reply["plans"].dump(2) << "\n";
            else
                out << reply["text"].get<std::string>();
        });
    });
}

} // namespace tg::cli
