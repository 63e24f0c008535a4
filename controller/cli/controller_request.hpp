#pragma once
// One request to the controller with the command line's uniform handling: unreachable
// controller -> exit 3, refused -> the reason and exit 1, bad usage -> exit 2.
#include "controller/cli/cli_arguments.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

using Show = std::function<void(const nlohmann::json& reply)>;

int controller_request(std::span<const std::string> args, const nlohmann::json& request,
                       std::ostream& out, std::ostream& err, const Show& show);

// Runs `body`, turning UsageError into a message and exit 2.
int guarded(const char* command, std::ostream& err, const std::function<int()>& body);

} // namespace tg::cli
