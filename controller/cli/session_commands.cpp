#include "controller/cli/session_commands.hpp"

#include "controller/api/api_requests.hpp"
#include "controller/api/request_bounds.hpp"
#include "controller/cli/api_client.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"

namespace tg::cli {

namespace bounds = api::bounds;

using json = nlohmann::json;

namespace {

bool wants_help(std::span<const std::string> args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

// A command with no arguments of its own: send it, say it was done.
int simple(const char* name, const char* cmd, const char* done, std::span<const std::string> args,
           std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << "usage: treadguard " << name << " [--api SOCKET] [--json]\n";
        return exit_ok;
    }
    return guarded(name, err, [&] {
        Arguments a(args, {"--json"}, {});
        return controller_request(args, {{"cmd", cmd}}, out, err, [&](const json& reply) {
            if (a.flag("--json"))
                out << reply.dump() << "\n";
            else
                out << done << "\n";
        });
    });
}

} // namespace

int run_start(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << "usage: treadguard start --runner NAME [--api SOCKET] [--json]\n"
               "Selects the runner and starts today's planned session. The belt starts only now,\n"
               "at the plan's first phase speed, through the safety limiter.\n";
        return exit_ok;
    }
    return guarded("start", err, [&] {
        Arguments a(args, {"--json"}, {"--runner"});
        const auto runner = a.option("--runner");
        if (!runner) throw UsageError("--runner NAME is required");
        ApiClient client(api_path_from(std::vector<std::string>(args.begin(), args.end())));
        if (!client.connected()) {
            err << "treadguard: " << client.error() << "\n";
            return exit_unavailable;
        }
        for (const json& request :
             {json{{"cmd", "runner.select"}, {"name", *runner}}, json{{"cmd", "start"}}}) {
            auto reply = client.call(request);
            if (!reply) {
                err << "treadguard: " << client.error() << "\n";
                return exit_unavailable;
            }
            if (!(*reply)["ok"].get<bool>()) {
                err << "treadguard: " << (*reply)["error"]["message"].get<std::string>() << "\n";
                return exit_failure;
            }
            if (a.flag("--json")) {
                out << reply->dump() << "\n";
            } else if (request["cmd"] == "start") {
                out << "session " << (*reply)["session_id"] << " started for " << *runner << "\n";
            } else if (reply->contains("plan")) {
                for (const auto& r : (*reply)["plan"]["reasons"])
                    out << "  " << r.get<std::string>() << "\n";
            }
        }
        return exit_ok;
    });
}

int run_speed(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << "usage: treadguard speed KMH [--api SOCKET]\nRequests a belt speed; the limiter "
               "caps it.\n";
        return exit_ok;
    }
    return guarded("speed", err, [&] {
        Arguments a(args, {"--json"}, {});
        const double kmh = parse_number(a.positional_at(0, "KMH"), "KMH", bounds::speed_kmh);
        return controller_request(
            args, {{"cmd", "speed"}, {"kmh", kmh}}, out, err, [&](const json& reply) {
                if (a.flag("--json"))
                    out << reply.dump() << "\n";
                else
                    out << "speed request " << kmh << " km/h accepted"
                        << (reply.contains("note") ? " (" + reply["note"].get<std::string>() + ")"
                                                   : std::string())
                        << "\n";
            });
    });
}

int run_pain(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << "usage: treadguard pain N [--api SOCKET]\nReports pain 0-10; above the threshold "
               "the run phase ends.\n";
        return exit_ok;
    }
    return guarded("pain", err, [&] {
        Arguments a(args, {"--json"}, {});
        const double level = parse_number(a.positional_at(0, "N"), "N", bounds::pain_level);
        if (level != static_cast<int>(level))
            throw UsageError("N must be a whole number from 0 to 10");
        return controller_request(args, {{"cmd", "pain"}, {"level", static_cast<int>(level)}}, out,
                                  err, [&](const json& reply) {
                                      if (a.flag("--json"))
                                          out << reply.dump() << "\n";
                                      else
                                          out << "pain " << level << "/10 recorded"
                                              << (reply["ends_run_phase"].get<bool>()
                                                      ? ": above the threshold, the run phase ends"
                                                      : "")
                                              << "\n";
                                  });
    });
}

int run_stop(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    return simple("stop", "stop", "controlled stop requested", args, out, err);
}
int run_estop(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    return simple("estop", "emergency_stop", "EMERGENCY STOP latched", args, out, err);
}
int run_limit(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    return simple("limit", "limit",
                  "limit coming: the run phase ends now and today's limit is recorded", args, out,
                  err);
}
int run_ack(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << "usage: treadguard ack [--pin PIN] [--api SOCKET] [--json]\n"
               "Acknowledges latched faults; the belt stays stopped until the next start.\n"
               "An emergency stop needs the treadmill's touchscreen or the clinician PIN.\n";
        return exit_ok;
    }
    return guarded("ack", err, [&] {
        Arguments a(args, {"--json"}, {"--pin"});
        api::FaultAckRequest request;
        request.pin = a.option("--pin");
        return controller_request(args, request, out, err, [&](const json& reply) {
            if (a.flag("--json"))
                out << reply.dump() << "\n";
            else
                out << "faults acknowledged (the belt stays stopped)\n";
        });
    });
}

} // namespace tg::cli
