#include "controller/cli/status_command.hpp"

#include "controller/api/api_events.hpp"
#include "controller/api/command_replies.hpp"
#include "controller/cli/api_client.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace tg::cli {

using json = nlohmann::json;

namespace {

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

std::string rounded_or_dash(const std::optional<double>& v) {
    return v ? std::to_string(std::lround(*v)) : "-";
}

// One line a person reads at a glance (fits 100 columns): state, phase with its progress,
// belt speed, cadence, loading rate, and any stopping alarm.
std::string line_of(const api::Status& s) {
    char buf[200];
    std::string where = "-";
    std::string progress = bar(0, 12) + " --:--/--:--";
    if (s.phase) {
        where = s.phase->kind;
        const double cap = std::max(1.0, s.phase->cap_s);
        progress = bar(s.phase->elapsed_s / cap, 12) + " " + clock_text(s.phase->elapsed_s) + "/" +
                   clock_text(cap);
    }
    std::snprintf(buf, sizeof buf, "%-9s %-13s %s %4.1f/%4.1f km/h  %3s spm  VALR %3s",
                  s.state.c_str(), where.c_str(), progress.c_str(), s.speed.actual_kmh,
                  s.speed.cap_kmh, rounded_or_dash(s.cadence.spm).c_str(),
                  rounded_or_dash(s.loading_rate.valr_bw_s).c_str());
    std::string line = buf;
    for (const auto& a : s.alarms)
        if (a.severity != "advisory") line += "  ALARM " + a.code;
    return line;
}

void print_summary(const api::Status& s, std::ostream& out) {
    out << line_of(s) << "\n";
    out << "runner: " << s.runner.value_or("(none)");
    if (s.limit)
        out << "   today's pain-free limit: " << clock_text(s.limit->run_s) << " at "
            << s.limit->speed_kmh << " km/h";
    out << "\n";
    for (const auto& a : s.alarms)
        out << "  " << a.severity << ": " << a.reason << " " << a.action << "\n";
    if (s.records && !s.records->ok) out << "  records: " << s.records->message << "\n";
}

bool resting(const api::Status& s) {
    return !api::belt_may_move(s.state);
}

int live_view(ApiClient& client, std::ostream& out, std::ostream& err) {
    if (!client.call({{"cmd", "subscribe"}, {"rate_hz", 5}})) {
        err << "treadguard: " << client.error() << "\n";
        return exit_unavailable;
    }
    std::optional<api::Status> last;
    while (auto message = client.next(std::chrono::seconds(3))) {
        auto event = api::decode_event(*message);
        if (!event.ok()) { // a bad event is reported, the view goes on
            err << "\ntreadguard: ignored an event that does not match the API contract: "
                << event.error() << "\n";
            continue;
        }
        if (const auto* phase = std::get_if<api::PhaseEvent>(&event.value()))
            out << "\n" << phase->text << "\n";
        const auto* status = std::get_if<api::StatusEvent>(&event.value());
        if (status == nullptr) continue;
        last = status->status;
        out << "\r" << line_of(*last) << "   " << std::flush;
        if (resting(*last)) break;
    }
    out << "\n";
    if (!last) {
        err << "treadguard: the status stream stopped: " << client.error() << "\n";
        return exit_unavailable;
    }
    print_summary(*last, out);
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
        const auto status = api::decode<api::StatusReply>(*reply);
        if (!status.ok()) {
            err << "treadguard: the controller's status does not match the API contract: "
                << status.error() << "\n";
            return exit_failure;
        }
        if (a.flag("--watch") && !resting(status->status)) return live_view(client, out, err);
        print_summary(status->status, out);
        return exit_ok;
    });
}

} // namespace tg::cli
