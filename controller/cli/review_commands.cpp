#include "controller/cli/review_commands.hpp"

#include "controller/api/api_requests.hpp"
#include "controller/api/request_bounds.hpp"
#include "controller/cli/cli_arguments.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"

namespace tg::cli {

namespace bounds = api::bounds;
using json = nlohmann::json;

namespace {

bool wants_help(std::span<const std::string> args, std::ostream& out, const char* usage) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return out << usage, true;
    return false;
}

std::string required(const Arguments& a, const char* name, const char* what) {
    auto v = a.option(name);
    if (!v) throw UsageError(std::string(name) + " " + what + " is required");
    return *v;
}

} // namespace

int run_runner_update(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args, out,
                   "usage: treadguard runner-update NAME --pin PIN --why TEXT [--mass KG]\n"
                   "             [--cadence SPM | --remeasure-cadence] [--target-speed KMH]\n"
                   "             [--target-min MIN] [--runs-per-week N] "
                   "[--side left|right|both|none]\n"
                   "             [--notes TEXT] [--mute-metronome | --unmute-metronome] "
                   "[--json]\n"
                   "A clinician's change of a runner's record; every changed field is audited.\n"))
        return exit_ok;
    return guarded("runner-update", err, [&] {
        Arguments a(args,
                    {"--remeasure-cadence", "--mute-metronome", "--unmute-metronome", "--json"},
                    {"--pin", "--why", "--mass", "--cadence", "--target-speed", "--target-min",
                     "--runs-per-week", "--side", "--notes"});
        api::RunnersUpdateRequest r;
        r.runner = a.positional_at(0, "NAME");
        r.pin = required(a, "--pin", "PIN");
        r.why = required(a, "--why", "TEXT");
        if (a.option("--mass")) r.mass_kg = a.number("--mass", bounds::body_mass_kg, 0);
        if (a.option("--cadence"))
            r.preferred_cadence_spm = a.number("--cadence", bounds::cadence_spm, 0);
        if (a.flag("--remeasure-cadence")) r.remeasure_cadence = true;
        if (a.option("--target-speed"))
            r.target_speed_kmh = a.number("--target-speed", bounds::target_speed_kmh, 0);
        if (a.option("--target-min"))
            r.target_duration_min = a.number("--target-min", bounds::target_duration_min, 0);
        if (a.option("--runs-per-week"))
            r.runs_per_week =
                static_cast<std::int64_t>(a.number("--runs-per-week", bounds::runs_per_week, 0));
        r.injury_side = a.option("--side");
        r.notes = a.option("--notes");
        if (a.flag("--mute-metronome") && a.flag("--unmute-metronome"))
            throw UsageError("--mute-metronome and --unmute-metronome exclude each other");
        if (a.flag("--mute-metronome")) r.metronome_muted = true;
        if (a.flag("--unmute-metronome")) r.metronome_muted = false;
        return controller_request(args, json(r), out, err, [&](const json& reply) {
            if (a.flag("--json"))
                out << reply["runner"].dump() << "\n";
            else
                out << "runner " << reply["runner"]["name"].get<std::string>() << " updated\n";
        });
    });
}

int run_review(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args, out,
                   "usage: treadguard review clear NAME --pin PIN --why TEXT\n"
                   "Clears \"clinician review needed\" after an escalation; planning goes on.\n"))
        return exit_ok;
    return guarded("review", err, [&] {
        Arguments a(args, {}, {"--pin", "--why"});
        const auto verb = a.positional_at(0, "clear");
        if (verb != "clear") throw UsageError("expected 'clear', got '" + verb + "'");
        api::ReviewClearRequest r;
        r.runner = a.positional_at(1, "NAME");
        r.pin = required(a, "--pin", "PIN");
        r.why = required(a, "--why", "TEXT");
        return controller_request(args, json(r), out, err, [&](const json& reply) {
            out << "review cleared for " << reply["runner"].get<std::string>() << " ("
                << reply["cleared"].get<std::string>() << ")\n";
        });
    });
}

int run_entry_check(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args, out,
                   "usage: treadguard entry-check NAME CHECK_ID --passed|--not-passed "
                   "[--notes TEXT] [--pin PIN]\n"
                   "Answers an entry check of the runner's first run (the plan lists them); "
                   "checks asked of\nthe clinician need the PIN.\n"))
        return exit_ok;
    return guarded("entry-check", err, [&] {
        Arguments a(args, {"--passed", "--not-passed", "--json"}, {"--notes", "--pin"});
        if (a.flag("--passed") == a.flag("--not-passed"))
            throw UsageError("give exactly one of --passed and --not-passed");
        api::EntryCheckRequest r;
        r.runner = a.positional_at(0, "NAME");
        r.check_id = a.positional_at(1, "CHECK_ID");
        r.passed = a.flag("--passed");
        r.notes = a.option("--notes");
        r.pin = a.option("--pin");
        return controller_request(args, json(r), out, err, [&](const json& reply) {
            if (a.flag("--json")) return void(out << reply["entry_checks"].dump() << "\n");
            for (const auto& c : reply["entry_checks"])
                out << (c["passed"].get<bool>() ? "passed  " : "open    ")
                    << c["id"].get<std::string>() << "  " << c["question"].get<std::string>()
                    << " (" << c["asked_of"].get<std::string>() << ")\n";
        });
    });
}

} // namespace tg::cli
