#pragma once
// Helpers for end-to-end session tests: a runner on the belt, waiting for states, and
// reading the simulated bench's truth.
#include "tests/support/controller_process.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

namespace tg::testing {

using json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

inline double sim_belt_kmh(const SimProcess& sim) {
    return json::parse(sim.control("status"))["units"]["1"]["belt_kmh"].get<double>();
}

inline json sim_drive(const SimProcess& sim) {
    return json::parse(sim.control("status"))["units"]["1"];
}

// Polls until `done(status)` or the timeout; returns the time it took (or nullopt).
inline std::optional<std::chrono::milliseconds>
wait_for(const ControllerProcess& ctl, const std::function<bool(const json&)>& done,
         std::chrono::milliseconds timeout) {
    const auto start = SteadyClock::now();
    auto client = ctl.client();
    while (SteadyClock::now() - start < timeout) {
        auto reply = client->call({{"cmd", "status"}});
        if (reply && done((*reply)["status"]))
            return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() -
                                                                         start);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

inline std::optional<std::chrono::milliseconds>
wait_for_belt(const SimProcess& sim, const std::function<bool(double)>& done,
              std::chrono::milliseconds timeout) {
    const auto start = SteadyClock::now();
    while (SteadyClock::now() - start < timeout) {
        if (done(sim_belt_kmh(sim)))
            return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() -
                                                                         start);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

// Both the belt and the controller's own setpoint at rest: after an emergency stop the
// setpoint ramps down at the emergency rate, and an acknowledge needs it at 0.
inline std::optional<std::chrono::milliseconds> wait_at_rest(const ControllerProcess& ctl,
                                                             std::chrono::milliseconds timeout) {
    return wait_for(
        ctl,
        [](const json& s) {
            return s["speed"]["actual_kmh"].get<double>() == 0.0 &&
                   s["speed"]["commanded_kmh"].get<double>() == 0.0;
        },
        timeout);
}

// A controller configuration whose profiles have a 5 s warm-up and 10 s cool-down, so a test
// reaches the run phase in seconds. Everything else is the shipped profiles.
inline std::string quick_profiles_config() {
    namespace fs = std::filesystem;
    const std::string dir = make_temp_dir("tg-profiles");
    for (const auto& entry : fs::directory_iterator(source_dir() + "/profiles")) {
        if (entry.path().extension() != ".toml") continue;
        std::ifstream in(entry.path());
        std::ofstream out(dir + "/" + entry.path().filename().string());
        std::string section;
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("[")) section = line;
            if (line.starts_with("duration_s = ") && section == "[warm_up]")
                line = "duration_s = 5";
            if (line.starts_with("duration_s = ") && section == "[cool_down]")
                line = "duration_s = 10";
            out << line << "\n";
        }
    }
    std::ofstream(dir + "/controller.toml") << "[controller]\nprofiles = \"" << dir << "\"\n";
    return dir + "/controller.toml";
}

inline void require_ok(const json& reply) {
    INFO(reply.dump());
    REQUIRE(reply["ok"].get<bool>());
}

inline constexpr const char* kTestPin = "2468";

// A first run starts only once the profile's entry checks are passed: answered here through
// the API as the runner and the clinician would (the clinician's with the PIN; the first
// PIN is set when none is yet).
inline void pass_entry_checks(const ControllerProcess& ctl, const std::string& name,
                              const std::string& pin = kTestPin) {
    auto plan = ctl.call({{"cmd", "plan"}, {"runner", name}});
    require_ok(plan);
    const json checks = plan["plans"][0]["entry_checks"];
    if (checks.empty()) return;
    (void)ctl.call({{"cmd", "pin.set"}, {"new_pin", pin}}); // refused when one is set already
    for (const auto& c : checks) {
        if (c["passed"].get<bool>()) continue;
        require_ok(ctl.call({{"cmd", "entry_check"},
                             {"runner", name},
                             {"check_id", c["id"]},
                             {"passed", true},
                             {"pin", pin}}));
    }
}

// Adds a runner, answers their entry checks, selects them and starts today's session;
// returns once the belt moves.
inline void start_running(const ControllerProcess& ctl, const SimProcess& sim,
                          const std::string& name = "Ana", const std::string& pin = kTestPin) {
    require_ok(ctl.call({{"cmd", "runners.add"}, {"name", name}, {"mass_kg", 70}}));
    pass_entry_checks(ctl, name, pin);
    // A drive left faulted by an earlier controller is reset by the operator first.
    (void)ctl.call({{"cmd", "fault.ack"}});
    require_ok(ctl.call({{"cmd", "runner.select"}, {"name", name}}));
    require_ok(ctl.call({{"cmd", "start"}}));
    auto moving = wait_for_belt(
        sim, [](double kmh) { return kmh > 0.5; }, std::chrono::seconds(10));
    REQUIRE_MESSAGE(moving, "the belt never moved after start");
    auto running = wait_for(
        ctl, [](const json& s) { return s["state"] == "Running"; }, std::chrono::seconds(10));
    REQUIRE_MESSAGE(running, "the controller never reached Running: " << ctl.status().dump());
}

// With the quick profiles (quick_profiles_config): runs `run_for` into the run phase, then
// "limit coming" ends it; returns once the cool-down walk is over and the session stopped.
inline void run_to_limit(const ControllerProcess& ctl, std::chrono::seconds run_for) {
    REQUIRE(wait_for(
        ctl, [](const json& st) { return st["phase"].is_object() && st["phase"]["kind"] == "run"; },
        std::chrono::seconds(15)));
    std::this_thread::sleep_for(run_for);
    require_ok(ctl.call({{"cmd", "limit"}}));
    REQUIRE(wait_for(
        ctl, [](const json& st) { return st["state"] == "Stopped"; }, std::chrono::seconds(40)));
}

} // namespace tg::testing
