#include "controller/cli/pin_command.hpp"

#include "controller/api/api_requests.hpp"
#include "controller/cli/cli_arguments.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"

namespace tg::cli {

int run_pin(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h")
            return out << "usage: treadguard pin set --new PIN [--old PIN]\n"
                          "Sets the clinician PIN; changing it needs the old one. Audited.\n",
                   exit_ok;
    return guarded("pin", err, [&] {
        Arguments a(args, {}, {"--new", "--old"});
        const auto verb = a.positional_at(0, "set");
        if (verb != "set") throw UsageError("expected 'set', got '" + verb + "'");
        api::PinSetRequest r;
        auto pin = a.option("--new");
        if (!pin) throw UsageError("--new PIN is required");
        r.new_pin = *pin;
        r.old_pin = a.option("--old");
        return controller_request(args, nlohmann::json(r), out, err,
                                  [&](const nlohmann::json&) { out << "clinician PIN set\n"; });
    });
}

} // namespace tg::cli
