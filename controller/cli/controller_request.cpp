#include "controller/cli/controller_request.hpp"

#include "controller/api/api_envelope.hpp"
#include "controller/cli/api_client.hpp"
#include "controller/cli/command.hpp"

#include <vector>

namespace tg::cli {

int controller_request(std::span<const std::string> args, const nlohmann::json& request,
                       std::ostream& out, std::ostream& err, const Show& show) {
    (void)out;
    ApiClient client(api_path_from(std::vector<std::string>(args.begin(), args.end())));
    if (!client.connected()) {
        err << "treadguard: " << client.error() << "\n";
        return exit_unavailable;
    }
    auto reply = client.call(request);
    if (!reply) {
        err << "treadguard: " << client.error() << "\n";
        return exit_unavailable;
    }
    const auto header = api::decode<api::ReplyHeader>(*reply);
    if (!header.ok()) {
        err << "treadguard: the controller's reply does not match the API contract: "
            << header.error() << "\n";
        return exit_failure;
    }
    if (!header->ok) {
        err << "treadguard: " << header->error->message << "\n";
        return exit_failure;
    }
    show(*reply);
    return exit_ok;
}

int guarded(const char* command, std::ostream& err, const std::function<int()>& body) {
    try {
        return body();
    } catch (const UsageError& e) {
        err << "treadguard " << command << ": " << e.what() << " (see treadguard " << command
            << " --help)\n";
        return exit_usage;
    }
}

} // namespace tg::cli
