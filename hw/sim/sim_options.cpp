#include "hw/sim/sim_options.hpp"

#include <charconv>
#include <string_view>

namespace tg::sim {

const char* const kSimUsage = R"(usage: treadguard-sim [options]
A virtual treadmill bench served over real Modbus: a motor drive (unit 1) and a
4-load-cell force plate (unit 2).

  --tcp HOST:PORT        serve Modbus TCP here (default 127.0.0.1:1502; port 0 picks one)
  --no-tcp               do not serve TCP
  --rtu PATH             serve Modbus RTU on a new pseudo-terminal; PATH becomes a symlink to it
  --baud B               with --rtu: behave as an RS-485 line at B baud (1200-4000000): replies
                         leave at the wire's rate after t3.5 and the map's reply_delay_us, and
                         a request sent while the sim talks is not answered (default: no baud)
  --format F             with --baud: 8N1 (default), 8E1, 8O1 or 8N2
  --control PATH         accept control commands on this Unix socket
  --drive FILE           drive register map (default hw/devices/delta-ms300.toml; also yaskawa-v1000.toml)
  --treadmill FILE       treadmill file, for belt speed in km/h (default hw/treadmills/demo-delta.toml)
  --drive-unit N         unit id of the drive (default: the map's, 1 for Delta)
  --plate-unit N         unit id of the force plate (default 2)
  --deck-load KG         a still mass on the deck's centre (default 0: none)
  --plate-map FILE       force-plate front end (default hw/devices/loadcell-fifo-4ch.toml;
                         also dini-argeo-dgt4x.toml)
  --plate-calibration F  where the cells sit (default hw/calibration/demo-plate.toml)
  --runner-mass KG       body mass of the simulated runner (default 70)
  --strike KIND          rearfoot (impact transient, default) or forefoot
  --standing             the runner stands on the deck while the belt is stopped
  --runner-off           start with the runner off the belt
  --walk-run KMH         walking below this belt speed, running above (default 7)
  --replay FILE          replay a force recording (any format treadguard analyze reads)
  --time-scale X         the plate's sample clock runs X times wall time (default 1)
  --fast-forward         the plate's clock runs only as fast as the master reads blocks
  --seed N               seed of the runner's and the sensors' randomness (default 1)
  --watchdog SECONDS     start with the drive's comm watchdog set (default: off, as shipped)
  --status-interval S    print the bench state every S seconds (default 1; 0 = never)
  --fault COMMAND        apply a control command at start (repeatable), e.g. --fault "delay 300"
  -h, --help             this text

Control commands (stdin, --control socket, --fault):
  status | clear | quit | refuse on|off | drop | drop on|off | silent on|off | delay MS |
  exception CODE|off | crc on|off | drive-fault CODE [UNIT] | watchdog SECONDS [ACTION] [UNIT] |
  load KG [UNIT] | load-at KG X_M Y_M | runner on|off | runner-mass KG | standing on|off |
  strike rearfoot|forefoot | truth-reset
)";

namespace {

bool to_double(std::string_view s, double& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

bool serial_format_valid(std::string_view f) {
    return f == "8N1" || f == "8E1" || f == "8O1" || f == "8N2";
}

} // namespace

modbus::SerialFormat serial_format(const SimOptions& o) {
    if (o.baud <= 0 || o.format.size() != 3) return {};
    return modbus::SerialFormat{o.baud, o.format[0] - '0', o.format[1], o.format[2] - '0'};
}

ParsedSimOptions parse_sim_options(int argc, char** argv, const std::string& data_dir) {
    ParsedSimOptions parsed;
    SimOptions& o = parsed.options;
    o.drive_map = data_dir + "/hw/devices/delta-ms300.toml";
    o.treadmill = data_dir + "/hw/treadmills/demo-delta.toml";
    o.plate_map = data_dir + "/hw/devices/loadcell-fifo-4ch.toml";
    o.plate_calibration = data_dir + "/hw/calibration/demo-plate.toml";
    bool format_given = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        auto value = [&](std::string_view name) -> std::optional<std::string> {
            if (i + 1 >= argc) {
                parsed.error = std::string(name) + " needs a value";
                return std::nullopt;
            }
            return std::string(argv[++i]);
        };
        auto number = [&](std::string_view name, double min, double max, double& out) {
            auto v = value(name);
            if (!v) return;
            if (!to_double(*v, out) || out < min || out > max)
                parsed.error = std::string(name) + ": '" + *v + "' is not a number in [" +
                               std::to_string(min) + ", " + std::to_string(max) + "]";
        };
        double n = 0;
        if (arg == "-h" || arg == "--help") {
            parsed.help = true;
        } else if (arg == "--tcp") {
            o.tcp = value(arg).value_or("");
        } else if (arg == "--no-tcp") {
            o.tcp.clear();
        } else if (arg == "--rtu") {
            o.rtu = value(arg).value_or("");
        } else if (arg == "--baud") {
            number(arg, 1200, 4000000, n);
            o.baud = static_cast<int>(n);
        } else if (arg == "--format") {
            format_given = true;
            o.format = value(arg).value_or("");
            if (!parsed.error && !serial_format_valid(o.format))
                parsed.error = "--format takes 8N1, 8E1, 8O1 or 8N2, got '" + o.format + "'";
        } else if (arg == "--control") {
            o.control_socket = value(arg).value_or("");
        } else if (arg == "--drive") {
            o.drive_map = value(arg).value_or("");
        } else if (arg == "--treadmill") {
            o.treadmill = value(arg).value_or("");
        } else if (arg == "--drive-unit") {
            number(arg, 1, 247, n);
            o.drive_unit = static_cast<int>(n);
        } else if (arg == "--plate-unit") {
            number(arg, 1, 247, n);
            o.plate_unit = static_cast<int>(n);
        } else if (arg == "--deck-load") {
            number(arg, 0, 400, o.deck_load_kg);
        } else if (arg == "--plate-map") {
            o.plate_map = value(arg).value_or("");
        } else if (arg == "--plate-calibration") {
            o.plate_calibration = value(arg).value_or("");
        } else if (arg == "--runner-mass") {
            number(arg, 20, 250, o.runner_mass_kg);
        } else if (arg == "--strike") {
            o.strike = value(arg).value_or("");
            if (!parsed.error && o.strike != "rearfoot" && o.strike != "forefoot")
                parsed.error = "--strike takes rearfoot or forefoot";
        } else if (arg == "--standing") {
            o.standing = true;
        } else if (arg == "--runner-off") {
            o.runner_off = true;
        } else if (arg == "--walk-run") {
            number(arg, 1, 15, o.walk_run_kmh);
        } else if (arg == "--replay") {
            o.replay = value(arg).value_or("");
        } else if (arg == "--time-scale") {
            number(arg, 0.01, 1000, o.time_scale);
        } else if (arg == "--fast-forward") {
            o.fast_forward = true;
        } else if (arg == "--seed") {
            number(arg, 0, 1e15, n);
            o.seed = static_cast<std::uint64_t>(n);
        } else if (arg == "--watchdog") {
            number(arg, 0, 100, o.watchdog_s);
        } else if (arg == "--status-interval") {
            number(arg, 0, 3600, o.status_interval_s);
        } else if (arg == "--fault") {
            if (auto v = value(arg)) o.faults.push_back(*v);
        } else {
            parsed.error = "unknown option '" + std::string(arg) + "' (see --help)";
        }
        if (parsed.error) return parsed;
    }
    if (o.baud > 0 && o.rtu.empty()) parsed.error = "--baud needs --rtu PATH";
    if (format_given && o.baud == 0) parsed.error = "--format needs --baud B";
    if (o.tcp.empty() && o.rtu.empty()) parsed.error = "nothing to serve: give --tcp or --rtu";
    if (o.drive_unit == o.plate_unit) parsed.error = "--drive-unit and --plate-unit must differ";
    return parsed;
}

} // namespace tg::sim
