#pragma once
// Commands that act on the running session: start, speed, stop, estop, pain, limit, ack.
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

int run_start(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_speed(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_stop(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_estop(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_pain(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_limit(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int run_ack(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace tg::cli
