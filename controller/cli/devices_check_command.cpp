#include "controller/cli/devices_check_command.hpp"

#include "controller/cli/cli_arguments.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"
#include "controller/safety/speed_limiter.hpp"
#include "drivers/devicemap/field_text.hpp"
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/devicemap/toml_fields.hpp"
#include "drivers/forceplate/force_plate.hpp"
#include "drivers/motor/motor_drive.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <thread>

namespace tg::cli {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const char* kUsage =
    R"(usage: treadguard devices check --map FILE --link LINK [--unit N] [--refreshes N | --watch]
                                [--accept-unverified] [--move --treadmill FILE [--seconds S]]
                                [--calibration FILE]

A bench check of a drive or a force plate against its device map (hw/devices/*.toml), with
nobody on the belt. LINK is tcp:HOST:PORT or rtu:DEVICE[:BAUD[:8E1]].
  drive: prints the state, output frequency, fault and warning codes and every monitored
         field, each next to its raw register; nothing is written.
  plate: prints each cell's raw count (and net, status) and its calibrated force.
  --refreshes N       read N times, 0.5 s apart (default 3); --watch: until Ctrl-C
  --accept-unverified use a map whose facts are still marked "verify" (they are listed)
  --move              drives only: run the belt at <= 1 km/h for S s (default 5) after a
                      countdown, through MotorDrive and the speed limiter, to confirm the
                      direction, the frequency units and the stop. Ctrl-C stops the belt.
  --treadmill FILE    the machine file (k, limits), needed for --move
  --calibration FILE  plate calibration (default for weighing transmitters: the map's division)
)";

constexpr double kBenchMaxKmh = 1.0;
constexpr double kGravity = 9.80665;

volatile std::sig_atomic_t g_interrupted = 0;
void on_interrupt(int) {
    g_interrupted = 1;
}

struct Options {
    std::string map;
    modbus::LinkConfig link;
    std::optional<int> unit;
    bool watch = false;
    int refreshes = 3;
    bool move = false;
    double move_seconds = 5;
    std::optional<std::string> treadmill;
    std::optional<std::string> calibration;
};

template <class T>
std::optional<T> loaded(std::variant<T, devicemap::DataFileError> v, std::ostream& err) {
    if (auto* e = std::get_if<devicemap::DataFileError>(&v)) {
        err << "treadguard devices: " << e->message() << "\n";
        return std::nullopt;
    }
    return std::get<T>(std::move(v));
}

// Sleeps `d` in small steps; false if Ctrl-C came.
bool pause(Clock::duration d) {
    const auto until = Clock::now() + d;
    while (Clock::now() < until) {
        if (g_interrupted) return false;
        std::this_thread::sleep_for(20ms);
    }
    return !g_interrupted;
}

bool refused_unverified(const std::vector<std::string>& notes, bool accept, std::ostream& out,
                        std::ostream& err) {
    if (notes.empty()) return false;
    (accept ? out : err) << "the map has facts not confirmed by a source:\n";
    for (const auto& n : notes)
        (accept ? out : err) << "  verify: " << n << "\n";
    if (accept) return false;
    err << "treadguard devices: refused: check these against the device's manual, then run "
           "again with --accept-unverified\n";
    return true;
}

// One refresh of every field of the map; false on a link error.
bool show_drive_fields(motor::MotorDrive& drive, std::ostream& out, std::ostream& err) {
    const auto& map = drive.map();
    std::map<std::uint16_t, std::uint16_t> values;
    for (auto address : devicemap::drive_field_registers(map)) {
        std::uint16_t v = 0;
        auto r = drive.link().read_holding(address, std::span(&v, 1));
        if (!r.ok()) {
            err << "treadguard devices: link alarm: " << r.error().text << "\n";
            return false;
        }
        values[address] = v;
    }
    auto read = [&](std::uint16_t a) -> std::optional<std::uint16_t> {
        auto it = values.find(a);
        return it == values.end() ? std::nullopt : std::optional(it->second);
    };
    for (const auto& line : devicemap::describe_drive_fields(map, read))
        out << devicemap::format_field_line(line) << "\n";
    auto s = drive.read_status();
    if (!s.ok()) {
        err << "treadguard devices: link alarm: " << s.error().text << "\n";
        return false;
    }
    const auto& st = s.value();
    char line[200];
    std::snprintf(line, sizeof line,
                  "  => MotorDrive reads: %s, output %.2f Hz, fault %d%s%s, warning %d\n",
                  st.running    ? "running"
                  : st.stopping ? "stopping"
                                : "not running",
                  st.output_hz, st.fault_code, st.fault_code != 0 ? " " : "", st.fault_name.c_str(),
                  st.warning_code);
    out << line;
    return true;
}

// The belt at <= 1 km/h through the limiter, then the stop; false on any failure.
bool move_belt(motor::MotorDrive& drive, double seconds, std::ostream& out, std::ostream& err) {
    out << "the belt will run at up to " << kBenchMaxKmh << " km/h for " << seconds
        << " s. Nobody on the belt. Ctrl-C stops it.\n";
    for (int n = 3; n > 0; --n) {
        out << "  moving in " << n << "...\n" << std::flush;
        if (!pause(1s)) {
            out << "aborted: nothing moved\n";
            return false;
        }
    }
    if (auto c = drive.connect({0.5}); !c.ok()) {
        err << "treadguard devices: link alarm: " << c.error().text << "\n";
        return false;
    }
    safety::LimiterSettings settings;
    settings.machine_max_kmh = std::min(kBenchMaxKmh, drive.treadmill().max_speed_kmh);
    settings.start_speed_kmh = 0.5;
    settings.accel_kmh_per_s = 0.5;
    safety::SpeedLimiter limiter(settings);
    bool ok = drive.run_forward().ok();
    double peak_kmh = 0;
    const auto started = Clock::now();
    for (int i = 0;
         ok && !g_interrupted && Clock::now() - started < std::chrono::duration<double>(seconds);
         ++i) {
        const auto speed = limiter.step(50ms, kBenchMaxKmh, kBenchMaxKmh, safety::RampMode::normal);
        ok = drive.set_speed(speed).ok();
        auto s = drive.read_status();
        ok = ok && s.ok() && s.value().fault_code == 0;
        if (s.ok()) peak_kmh = std::max(peak_kmh, s.value().belt_kmh);
        if (s.ok() && i % 5 == 0) {
            char line[120];
            std::snprintf(line, sizeof line, "  setpoint %.2f km/h  output %.2f Hz = %.2f km/h\n",
                          speed.kmh(), s.value().output_hz, s.value().belt_kmh);
            out << line << std::flush;
        }
        std::this_thread::sleep_for(50ms);
    }
    if (!ok) err << "treadguard devices: a write, a read or the drive failed: stopping\n";
    if (g_interrupted) out << "Ctrl-C: stopping\n";
    (void)drive.set_speed(safety::SpeedLimiter::standstill());
    const bool stopped = drive.stop().ok();
    const auto stop_from = Clock::now();
    double hz = 1;
    while (Clock::now() - stop_from < 15s) {
        auto s = drive.read_status();
        if (s.ok()) hz = s.value().output_hz;
        if (s.ok() && hz == 0) break;
        std::this_thread::sleep_for(100ms);
    }
    char line[120];
    std::snprintf(line, sizeof line, "peak belt %.2f km/h; after the stop: output %.2f Hz (%s)\n",
                  peak_kmh, hz, hz == 0 ? "at rest" : "NOT at rest");
    out << line;
    return ok && stopped && hz == 0 && !g_interrupted;
}

int check_drive(const Options& o, std::ostream& out, std::ostream& err, bool accept) {
    auto map = loaded(devicemap::load_drive_map(o.map), err);
    if (!map) return exit_failure;
    out << "drive map " << map->id << ": " << map->name << "\n  source: " << map->source << "\n";
    if (refused_unverified(map->unverified(), accept, out, err)) return exit_failure;
    devicemap::TreadmillSpec mill;
    mill.hz_per_kmh = 3.0; // only labels km/h without --treadmill
    mill.max_speed_kmh = kBenchMaxKmh;
    if (o.treadmill) {
        auto t = loaded(devicemap::load_treadmill_spec(*o.treadmill), err);
        if (!t) return exit_failure;
        mill = *t;
    }
    auto link = motor::link_config_for(*map, o.link);
    if (o.unit) link.unit_id = *o.unit;
    motor::MotorDrive drive(*map, mill, link);
    if (auto c = drive.link().connect(); !c.ok()) {
        err << "treadguard devices: " << c.error().text << "\n";
        return exit_failure;
    }
    if (map->watchdog_set_on_drive)
        out << "  watchdog: set on the drive (" << *map->watchdog_set_on_drive << ")\n";
    for (int i = 0; o.watch || i < o.refreshes; ++i) {
        out << "read " << i + 1 << ":\n";
        if (!show_drive_fields(drive, out, err)) return exit_failure;
        if (!pause(500ms)) break;
    }
    if (!o.move) {
        out << "nothing was written (add --move to run the belt at <= 1 km/h)\n";
        return exit_ok;
    }
    return move_belt(drive, o.move_seconds, out, err) ? exit_ok : exit_failure;
}

// Weighing transmitters: calibrated from the map's division, cells at a 0.6 m square.
forceplate::PlateCalibration division_calibration(const devicemap::ForcePlateMap& map) {
    forceplate::PlateCalibration c;
    c.id = "division";
    c.map = map.id;
    const double xs[] = {-0.3, 0.3, -0.3, 0.3}, ys[] = {0.3, 0.3, -0.3, -0.3};
    for (std::size_t i = 0; i < forceplate::kPlateCells; ++i)
        c.cells[i] = {"cell " + std::to_string(i + 1), xs[i], ys[i],
                      map.weights.division_kg * kGravity, 0};
    return c;
}

void show_cells(const forceplate::ForcePlate& plate, const forceplate::ForceSample& s,
                std::ostream& out) {
    const bool weights = plate.map().protocol == devicemap::PlateProtocol::WeightRegisters;
    const auto raw = plate.last_raw();
    for (std::size_t c = 0; c < forceplate::kPlateCells; ++c) {
        char line[160];
        if (weights) {
            const auto& w = plate.last_weights();
            std::snprintf(line, sizeof line,
                          "  cell %zu  status 0x%04X  gross %8d  net %8d  ->  %9.1f N\n", c + 1,
                          w.status[c], w.counts[c], w.net[c], s.cell_n[c]);
        } else {
            std::snprintf(line, sizeof line, "  cell %zu  raw %9d  ->  %9.1f N\n", c + 1,
                          raw.empty() ? 0 : raw.back().counts[c], s.cell_n[c]);
        }
        out << line;
    }
    char total[64];
    std::snprintf(total, sizeof total, "  total %.1f N\n", s.total_n);
    out << total << std::flush;
}

int check_plate(const Options& o, std::ostream& out, std::ostream& err, bool accept) {
    auto map = loaded(devicemap::load_force_plate_map(o.map), err);
    if (!map) return exit_failure;
    out << "force-plate map " << map->id << ": " << map->name << "\n  source: " << map->source
        << "\n";
    if (refused_unverified(map->verify.empty() ? std::vector<std::string>{}
                                               : std::vector<std::string>{map->verify},
                           accept, out, err))
        return exit_failure;
    if (o.move) throw UsageError("--move is for drives; a plate has nothing to move");
    forceplate::PlateCalibration cal;
    if (o.calibration) {
        auto c = loaded(forceplate::load_plate_calibration(*o.calibration), err);
        if (!c) return exit_failure;
        cal = *c;
    } else if (map->protocol == devicemap::PlateProtocol::WeightRegisters) {
        cal = division_calibration(*map);
        out << "  calibrated values: counts x division_kg (" << map->weights.division_kg
            << " kg) x g\n";
    } else {
        throw UsageError("--calibration FILE is required for a sample-FIFO front end");
    }
    auto link = forceplate::link_config_for(*map, o.link);
    if (o.unit) link.unit_id = *o.unit;
    forceplate::ForcePlate plate(*map, cal, link);
    if (auto c = plate.connect(); !c.ok()) {
        err << "treadguard devices: link alarm: " << c.error().text << "\n";
        return exit_failure;
    }
    std::array<forceplate::ForceSample, forceplate::ForcePlate::kMaxBlockSamples> block{};
    for (int i = 0; o.watch || i < o.refreshes; ++i) {
        if (i > 0 && !pause(500ms)) break;
        auto r = plate.read(block);
        if (!r.ok()) {
            err << "treadguard devices: link alarm: " << r.error().text << "\n";
            return exit_failure;
        }
        out << "read " << i + 1 << (r.value().cell_fault ? " (CELL FAULT flagged)" : "") << ":\n";
        if (r.value().samples > 0) show_cells(plate, block[r.value().samples - 1], out);
    }
    return exit_ok;
}

// The map's [device] kind decides which loader reads it.
std::string map_kind(const std::string& path) {
    auto parsed = devicemap::parse_toml_file(path);
    if (parsed.error) return "";
    return std::string(parsed.table["device"]["kind"].value_or(std::string_view{}));
}

} // namespace

int run_devices(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            out << kUsage;
            return exit_ok;
        }
    return guarded("devices", err, [&] {
        Arguments a(args, {"--move", "--accept-unverified", "--watch"},
                    {"--map", "--link", "--unit", "--refreshes", "--seconds", "--treadmill",
                     "--calibration"});
        if (a.positional_at(0, "what to do (check)") != "check")
            throw UsageError("the only devices command is 'check'");
        Options o;
        o.map = a.option("--map").value_or("");
        if (o.map.empty()) throw UsageError("--map FILE is required (hw/devices/...)");
        const auto link = a.option("--link");
        if (!link) throw UsageError("--link LINK is required (tcp:HOST:PORT or rtu:DEVICE)");
        if (auto e = modbus::parse_link_spec(*link, o.link))
            throw UsageError("--link: " + e->reason);
        o.link.response_timeout = 300ms;
        if (a.option("--unit")) o.unit = static_cast<int>(a.number("--unit", 1, 247, std::nullopt));
        o.refreshes = static_cast<int>(a.number("--refreshes", 1, 1000, 3));
        o.watch = a.flag("--watch");
        o.move = a.flag("--move");
        o.move_seconds = a.number("--seconds", 1, 30, 5);
        o.treadmill = a.option("--treadmill");
        o.calibration = a.option("--calibration");
        g_interrupted = 0;
        std::signal(SIGINT, on_interrupt);
        const auto kind = map_kind(o.map);
        if (kind == "force-plate") return check_plate(o, out, err, a.flag("--accept-unverified"));
        if (o.move && !o.treadmill)
            throw UsageError("--move needs --treadmill FILE (k and the machine's limits)");
        return check_drive(o, out, err, a.flag("--accept-unverified"));
    });
}

} // namespace tg::cli
