#include "hw/sim/control_commands.hpp"

#include "hw/sim/force_plate_model.hpp"
#include "hw/sim/runner_model.hpp"
#include "hw/sim/vfd_model.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace tg::sim {
namespace {

std::vector<std::string> words(std::string_view line) {
    std::istringstream in{std::string(line)};
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

bool to_number(const std::string& s, double& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

std::optional<bool> on_off(const std::vector<std::string>& w) {
    if (w.size() != 2) return std::nullopt;
    if (w[1] == "on") return true;
    if (w[1] == "off") return false;
    return std::nullopt;
}

int unit_arg(const std::vector<std::string>& w, std::size_t at, int fallback) {
    double v = fallback;
    if (w.size() > at && !to_number(w[at], v)) return -1;
    return static_cast<int>(v);
}

const char* kHelp =
    "commands: status | clear | quit | refuse on|off | drop | drop on|off | silent on|off | "
    "delay MS | exception CODE|off | write-exception CODE|off | drop-after-reply on|off | "
    "crc on|off | garble REGISTER VALUE|off | drive-fault CODE [UNIT] | "
    "watchdog SECONDS [ACTION] [UNIT] | load KG [UNIT] | load-at KG X_M Y_M | runner on|off | "
    "runner-mass KG | standing on|off | strike rearfoot|forefoot | truth-reset";

std::string flag_command(VirtualBench& bench, ServerHooks& hooks,
                         const std::vector<std::string>& w) {
    auto flag = on_off(w);
    if (!flag) return "error: " + w[0] + " takes on or off";
    auto& f = bench.faults;
    if (w[0] == "refuse") {
        f.refuse = *flag;
        if (hooks.set_refuse) hooks.set_refuse(*flag);
    } else if (w[0] == "drop") {
        f.drop = *flag;
    } else if (w[0] == "silent") {
        f.silent = *flag;
    } else if (w[0] == "drop-after-reply") {
        f.drop_after_reply = *flag;
    } else {
        f.corrupt_crc = *flag;
    }
    return "ok " + w[0] + " " + w[1];
}

// `garble REGISTER VALUE` (decimal or 0x hex) or `garble off`.
std::string garble_command(FaultState& f, const std::vector<std::string>& w) {
    if (w.size() == 2 && w[1] == "off") {
        f.garble.reset();
        return "ok garble off";
    }
    auto word = [](const std::string& text) -> std::optional<std::uint16_t> {
        try {
            std::size_t used = 0;
            const unsigned long v = std::stoul(text, &used, 0);
            if (used != text.size() || v > 0xFFFF) return std::nullopt;
            return static_cast<std::uint16_t>(v);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    };
    const auto address = w.size() == 3 ? word(w[1]) : std::nullopt;
    const auto value = w.size() == 3 ? word(w[2]) : std::nullopt;
    if (!address || !value) return "error: garble takes REGISTER VALUE (0..0xFFFF) or off";
    f.garble = FaultState::Garble{*address, *value};
    return "ok garble " + w[1] + " " + w[2];
}

std::string device_command(VirtualBench& bench, const std::vector<std::string>& w) {
    double value = 0;
    const bool has_value = w.size() >= 2 && to_number(w[1], value);
    if (!has_value) return "error: " + w[0] + " needs a number";
    if (w[0] == "drive-fault") {
        int unit = unit_arg(w, 2, 1);
        auto* device = bench.unit(unit);
        if (device == nullptr) return "error: no device at unit " + std::to_string(unit);
        device->inject_fault(static_cast<int>(value));
        return "ok drive-fault " + w[1];
    }
    if (w[0] == "watchdog") {
        double action = -1; // the map's ramp-to-stop
        if (w.size() >= 3 && !to_number(w[2], action)) return "error: watchdog ACTION is a number";
        auto* drive = dynamic_cast<VfdModel*>(bench.unit(unit_arg(w, 3, 1)));
        if (drive == nullptr) return "error: no drive at that unit";
        drive->set_watchdog(value, static_cast<int>(action));
        return "ok watchdog " + w[1];
    }
    auto* plate = dynamic_cast<ForcePlateModel*>(bench.unit(unit_arg(w, 2, 2)));
    if (plate == nullptr) return "error: no force plate at that unit";
    if (value < 0 || value > 500) return "error: load KG must be in [0, 500]";
    plate->set_static_load(value);
    return "ok load " + w[1];
}

// Commands for the runner on the force plate at `unit`.
std::string plate_command(VirtualBench& bench, int unit, const std::vector<std::string>& w) {
    auto* plate = dynamic_cast<ForcePlateModel*>(bench.unit(unit));
    if (plate == nullptr) return "error: no force plate at unit " + std::to_string(unit);
    auto* runner = dynamic_cast<RunnerModel*>(&plate->source());
    const std::string& cmd = w[0];
    if (cmd == "load-at") {
        double kg = 0, x = 0, y = 0;
        if (w.size() != 4 || !to_number(w[1], kg) || !to_number(w[2], x) || !to_number(w[3], y) ||
            kg < 0 || kg > 500 || std::abs(x) > 2 || std::abs(y) > 2)
            return "error: load-at KG X_M Y_M (KG in [0, 500], positions within 2 m)";
        plate->set_static_load(kg, x, y);
        return "ok load-at " + w[1] + " " + w[2] + " " + w[3];
    }
    if (cmd == "runner") {
        auto flag = on_off(w);
        if (!flag) return "error: runner takes on or off";
        plate->source().set_on_belt(*flag);
        return "ok runner " + w[1];
    }
    if (runner == nullptr) return "error: " + cmd + " needs the runner model (not a replay)";
    if (cmd == "truth-reset") {
        runner->reset_truth();
        return "ok truth-reset";
    }
    if (cmd == "runner-mass") {
        double kg = 0;
        if (w.size() != 2 || !to_number(w[1], kg) || kg < 20 || kg > 250)
            return "error: runner-mass KG takes a mass in [20, 250]";
        runner->set_mass(kg);
        return "ok runner-mass " + w[1];
    }
    if (cmd == "standing") {
        auto flag = on_off(w);
        if (!flag) return "error: standing takes on or off";
        runner->set_standing(*flag);
        return "ok standing " + w[1];
    }
    if (w.size() != 2 || (w[1] != "rearfoot" && w[1] != "forefoot"))
        return "error: strike takes rearfoot or forefoot";
    runner->set_strike(w[1] == "rearfoot" ? FootStrike::Rearfoot : FootStrike::Forefoot);
    return "ok strike " + w[1];
}

} // namespace

std::string apply_command(VirtualBench& bench, ServerHooks& hooks, std::string_view line) {
    const auto w = words(line);
    if (w.empty()) return "error: empty command";
    const std::string& cmd = w[0];
    auto& f = bench.faults;
    if (cmd == "status") return bench.status_json().dump();
    if (cmd == "help") return kHelp;
    if (cmd == "quit") {
        if (hooks.quit) hooks.quit();
        return "ok quit";
    }
    if (cmd == "clear") {
        const bool was_refusing = f.refuse;
        f = FaultState{};
        if (was_refusing && hooks.set_refuse) hooks.set_refuse(false);
        return "ok clear";
    }
    if (cmd == "drop" && w.size() == 1) {
        if (hooks.drop_all) hooks.drop_all();
        return "ok dropped";
    }
    if (cmd == "refuse" || cmd == "drop" || cmd == "silent" || cmd == "crc" ||
        cmd == "drop-after-reply")
        return flag_command(bench, hooks, w);
    if (cmd == "delay" || cmd == "exception" || cmd == "write-exception") {
        double v = 0;
        if (w.size() != 2) return "error: " + cmd + " takes one value";
        auto& code = cmd == "exception" ? f.exception : f.write_exception;
        if (cmd != "delay" && w[1] == "off") {
            code = 0;
            return "ok " + cmd + " off";
        }
        if (!to_number(w[1], v) || v < 0 || (cmd != "delay" && (v < 1 || v > 255)))
            return "error: bad value '" + w[1] + "'";
        if (cmd == "delay")
            f.delay_ms = static_cast<int>(v);
        else
            code = static_cast<std::uint8_t>(v);
        return "ok " + cmd + " " + w[1];
    }
    if (cmd == "garble") return garble_command(f, w);
    if (cmd == "drive-fault" || cmd == "watchdog" || cmd == "load") return device_command(bench, w);
    if (cmd == "load-at" || cmd == "runner" || cmd == "runner-mass" || cmd == "standing" ||
        cmd == "strike" || cmd == "truth-reset")
        return plate_command(bench, hooks.plate_unit, w);
    return "error: unknown command '" + cmd + "' (" + kHelp + ")";
}

} // namespace tg::sim
