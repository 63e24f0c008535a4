#include "controller/cli/analyze_command.hpp"
#include "controller/cli/calibrate_command.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/devices_check_command.hpp"
#include "controller/cli/pin_command.hpp"
#include "controller/cli/records_commands.hpp"
#include "controller/cli/report_command.hpp"
#include "controller/cli/review_commands.hpp"
#include "controller/cli/session_commands.hpp"
#include "controller/cli/status_command.hpp"

#include <array>
#include <vector>

namespace tg::cli {

namespace {

constexpr std::array command_list{
    Command{"status", "the controller's state; --watch follows a session live", run_status},
    Command{"runners", "list or add runners", run_runners},
    Command{"start", "select a runner and start today's planned session", run_start},
    Command{"speed", "request a belt speed (capped by the limiter)", run_speed},
    Command{"stop", "controlled stop", run_stop},
    Command{"estop", "emergency stop (latched)", run_estop},
    Command{"pain", "report pain 0-10 during the session", run_pain},
    Command{"limit", "\"limit coming\": end the run phase, record today's limit", run_limit},
    Command{"ack", "acknowledge latched faults (never restarts the belt); --pin PIN", run_ack},
    Command{"pin", "set or change the clinician PIN", run_pin},
    Command{"runner-update", "a clinician's change of a runner's record (audited)",
            run_runner_update},
    Command{"review", "clear \"clinician review needed\" with a reason", run_review},
    Command{"entry-check", "answer an entry check of a runner's first run", run_entry_check},
    Command{"checkin", "next-morning check-in (pain, swelling, stiffness)", run_checkin},
    Command{"sessions", "list, show or export recorded sessions", run_sessions},
    Command{"plan", "the next 14 days as the protocol engine plans them", run_plan},
    Command{"audit", "the audit log (clinician PIN)", run_audit},
    Command{"calibrate", "belt-lap calibration of the machine constant k", run_calibrate},
    Command{"analyze", "gait analysis of a force recording, printed as JSON", run_analyze},
    Command{"report", "the progress report of a runner as PDF", run_report},
    Command{"devices", "bench check of a drive or plate against its map (devices check)",
            run_devices},
};

void print_usage(std::ostream& out) {
    out << "usage: treadguard COMMAND [OPTIONS]\n\ncommands:\n";
    for (const Command& c : command_list) {
        out << "  " << c.name;
        for (std::size_t i = c.name.size(); i < 15; ++i)
            out << ' ';
        out << c.summary << "\n";
    }
    out << "\n'treadguard COMMAND --help' describes a command's options.\n"
           "'treadguard --api SOCKET COMMAND' (or COMMAND ... --api SOCKET) talks to the "
           "controller at SOCKET.\n";
}

} // namespace

std::span<const Command> commands() {
    return command_list;
}

int dispatch(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    // `treadguard --api SOCKET COMMAND ...`: the socket is every command's --api option.
    if (args.size() >= 3 && args[0] == "--api") {
        std::vector<std::string> moved(args.begin() + 2, args.end());
        moved.push_back("--api");
        moved.push_back(args[1]);
        return dispatch(moved, out, err);
    }
    if (args.empty()) {
        print_usage(err);
        return exit_usage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_usage(out);
        return exit_ok;
    }
    for (const Command& c : command_list)
        if (args[0] == c.name) return c.run(args.subspan(1), out, err);
    err << "treadguard: unknown command '" << args[0] << "' (see treadguard --help)\n";
    return exit_usage;
}

} // namespace tg::cli
