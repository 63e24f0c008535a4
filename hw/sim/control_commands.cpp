#include "hw/sim/control_commands.hpp"

#include "hw/sim/standing_deck.hpp"
#include "hw/sim/vfd_model.hpp"

#include <charconv>
#include <sstream>
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
    "delay MS | exception CODE|off | crc on|off | drive-fault CODE [UNIT] | "
    "watchdog SECONDS [ACTION] [UNIT] | load KG [UNIT]";

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
    } else {
        f.corrupt_crc = *flag;
    }
    return "ok " + w[0] + " " + w[1];
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
    auto* deck = dynamic_cast<StandingDeck*>(bench.unit(unit_arg(w, 2, 2)));
    if (deck == nullptr) return "error: no standing deck at that unit";
    deck->set_load(value);
    return "ok load " + w[1];
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
    if (cmd == "refuse" || cmd == "drop" || cmd == "silent" || cmd == "crc")
        return flag_command(bench, hooks, w);
    if (cmd == "delay" || cmd == "exception") {
        double v = 0;
        if (w.size() != 2) return "error: " + cmd + " takes one value";
        if (cmd == "exception" && w[1] == "off") {
            f.exception = 0;
            return "ok exception off";
        }
        if (!to_number(w[1], v) || v < 0 || (cmd == "exception" && (v < 1 || v > 255)))
            return "error: bad value '" + w[1] + "'";
        if (cmd == "delay")
            f.delay_ms = static_cast<int>(v);
        else
            f.exception = static_cast<std::uint8_t>(v);
        return "ok " + cmd + " " + w[1];
    }
    if (cmd == "drive-fault" || cmd == "watchdog" || cmd == "load") return device_command(bench, w);
    return "error: unknown command '" + cmd + "' (" + kHelp + ")";
}

} // namespace tg::sim
