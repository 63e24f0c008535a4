#include "controller/cli/analyze_command.hpp"
#include "controller/cli/command.hpp"

#include <array>

namespace tg::cli {

namespace {

constexpr std::array command_list{
    Command{"analyze", "gait analysis of a force recording, printed as JSON", run_analyze},
};

void print_usage(std::ostream& out) {
    out << "usage: treadguard COMMAND [OPTIONS]\n\ncommands:\n";
    for (const Command& c : command_list) {
        out << "  " << c.name;
        for (std::size_t i = c.name.size(); i < 12; ++i)
            out << ' ';
        out << c.summary << "\n";
    }
    out << "\n'treadguard COMMAND --help' describes a command's options.\n";
}

} // namespace

std::span<const Command> commands() {
    return command_list;
}

int dispatch(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
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
