#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace tg::cli {

// A `treadguard` subcommand. `args` excludes the program and subcommand names.
// Returns the process exit code: 0 ok, 1 failure (e.g. unreadable file), 2 usage error.
using CommandFunction = int (*)(std::span<const std::string> args, std::ostream& out,
                                std::ostream& err);

struct Command {
    std::string_view name;
    std::string_view summary;
    CommandFunction run;
};

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

// Every subcommand; add one line to command_table.cpp to add a command.
std::span<const Command> commands();

// Runs `treadguard ARGS...` (args excludes the program name).
int dispatch(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
