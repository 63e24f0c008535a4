#pragma once
// One request to the controller with the command line's uniform handling: unreachable
// controller -> exit 3, refused -> the reason and exit 1, bad usage -> exit 2.
#include "controller/api/json_reader.hpp"
#include "controller/cli/cli_arguments.hpp"
#include "controller/cli/command.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <string>

namespace tg::cli {

using Show = std::function<void(const nlohmann::json& reply)>;

int controller_request(std::span<const std::string> args, const nlohmann::json& request,
                       std::ostream& out, std::ostream& err, const Show& show);

// The same, with the reply read through the API contract as T: a reply that does not
// match is reported (naming the field) with exit 1, never a crash.
template <class T>
int controller_request_as(std::span<const std::string> args, const nlohmann::json& request,
                          std::ostream& out, std::ostream& err,
                          const std::function<void(const T&, const nlohmann::json&)>& show) {
    int code = exit_ok;
    const int rc = controller_request(args, request, out, err, [&](const nlohmann::json& reply) {
        auto decoded = api::decode<T>(reply);
        if (!decoded.ok()) {
            err << "treadguard: the controller's reply does not match the API contract: "
                << decoded.error() << "\n";
            code = exit_failure;
            return;
        }
        show(decoded.value(), reply);
    });
    return rc != exit_ok ? rc : code;
}

// Runs `body`, turning UsageError into a message and exit 2.
int guarded(const char* command, std::ostream& err, const std::function<int()>& body);

} // namespace tg::cli
