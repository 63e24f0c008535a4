#include "controller/cli/status_command.hpp"

#include "controller/cli/api_client.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace tg::cli {

using json = nlohmann::json;

namespace {

double num(const json& j, double fallback = 0) {
    return j.is_number() ? j.get<double>() : fallback;
}

std::string clock_text(double s) {
    char buf[16];
    const int t = static_cast<int>(std::lround(std::max(0.0, s)));
    std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
    return buf;
}

std::string bar(double fraction, int width) {
    const int filled = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * width));
    return "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(width - filled), '.') + "]";
}

// One line a person reads at a glance (fits 100 columns): state, phase with its progress,
// belt speed, cadence, loading rate, and any stopping alarm.
std::string line_of(const json& s) {
    char buf[200];
    const auto& phase = s["phase"];
    std::string where = "-";
    std::string progress = bar(0, 12) + " --:--/--:--";
    if (phase.is_object()) {
        where = phase["kind"].get<std::string>();
        const double elapsed = num(phase["elapsed_s"]);
        const double cap = std::max(1.0, num(phase["cap_s"], 1));
        progress = bar(elapsed / cap, 12) + " " + clock_text(elapsed) + "/" + clock_text(cap);
    }
    const auto cadence = s["cadence"]["spm"];
    const auto valr = s["loading_rate"]["valr_bw_s"];
    std::snprintf(buf, sizeof buf, "%-9s %-13s %s %4.1f/%4.1f km/h  %3s spm  VALR %3s",
                  s["state"].get<std::string>().c_str(), where.c_str(), progress.c_str(),
                  num(s["speed"]["actual_kmh"]), num(s["speed"]["cap_kmh"]),
                  cadence.is_number() ? std::to_string(std::lround(num(cadence))).c_str() : "-",
                  valr.is_number() ? std::to_string(std::lround(num(valr))).c_str() : "-");
    std::string line = buf;
    for (const auto& a : s["alarms"])
        if (a["severity"] != "advisory") line += "  ALARM " + a["code"].get<std::string>();
    return line;
}

void print_summary(const json& s, std::ostream& out) {
    out << line_of(s) << "\n";
    out << "runner: " << (s["runner"].is_string() ? s["runner"].get<std::string>() : "(none)");
    if (s["limit"].is_object())
        out << "   today's pain-free limit: " << clock_text(num(s["limit"]["run_s"])) << " at "
            << num(s["limit"]["speed_kmh"]) << " km/h";
    out << "\n";
    for (const auto& a : s["alarms"])
        out << "  " << a["severity"].get<std::string>() << ": " << a["reason"].get<std::string>()
            << " " << a["action"].get<std::string>() << "\n";
}

bool resting(const json& s) {
    const auto state = s["state"].get<std::string>();
    return state != "Starting" && state != "Running" && state != "CoolDown" && state != "Stopping";
}

int live_view(ApiClient& client, std::ostream& out, std::ostream& err) {
    if (!client.call({{"cmd", "subscribe"}, {"rate_hz", 5}})) {
        err << "treadguard: " << client.error() << "\n";
        return exit_unavailable;
    }
    json last;
    while (auto message = client.next(std::chrono::seconds(3))) {
        if ((*message)["event"] == "phase")
            out << "\n" << (*message)["text"].get<std::string>() << "\n";
        if ((*message)["event"] != "status") continue;
        last = (*message)["status"];
        out << "\r" << line_of(last) << "   " << std::flush;
        if (resting(last)) break;
    }
    out << "\n";
    if (last.is_null()) {
        err << "treadguard: the status stream stopped: " << client.error() << "\n";
        return exit_unavailable;
    }
    print_summary(last, out);
    return exit_ok;
}

} // namespace

int run_status(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    for (const auto& a : args) {
        if (a == "--help" || a == "-h") {
            out << "usage: treadguard status [--json] [--watch] [--api SOCKET]\n"
                   "  --json    one JSON object (the API's status), for scripts\n"
                   "  --watch   follow a running session live until it ends\n";
            return exit_ok;
        }
    }
    return guarded("status", err, [&] {
        Arguments a(args, {"--json", "--watch"}, {});
        ApiClient client(api_path_from(std::vector<std::string>(args.begin(), args.end())));
        if (!client.connected()) {
            err << "treadguard: " << client.error() << "\n";
            return exit_unavailable;
        }
        auto reply = client.call({{"cmd", "status"}});
        if (!reply) {
            err << "treadguard: " << client.error() << "\n";
            return exit_unavailable;
        }
        if (a.flag("--json")) {
            out << (*reply)["status"].dump() << "\n";
            return exit_ok;
        }
        if (a.flag("--watch") && !resting((*reply)["status"])) return live_view(client, out, err);
        print_summary((*reply)["status"], out);
        return exit_ok;
    });
}

} // namespace tg::cli
