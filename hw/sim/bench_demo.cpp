// treadguard-bench-demo: shows the bench alive through our own link layer and the
// drive's register map: runs the belt up to a speed, holds it, stops it, and prints
// what the drive reports. (The supervised session with the safety supervisor is
// treadguard-controller's job; this is the link-level view.) It bypasses the limiter and
// the drive's watchdog, so it refuses every link but treadguard-sim (sim_link_guard.hpp),
// and a speed beyond the treadmill's maximum.
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "drivers/modbus/modbus_link.hpp"
#include "hw/sim/sim_link_guard.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

template <class T>
const T* loaded(const std::variant<T, devicemap::DataFileError>& v) {
    if (const auto* e = std::get_if<devicemap::DataFileError>(&v)) {
        std::fprintf(stderr, "treadguard-bench-demo: %s\n", e->message().c_str());
        return nullptr;
    }
    return &std::get<T>(v);
}

void show(modbus::ModbusLink& link, const devicemap::DriveMap& map,
          const devicemap::TreadmillSpec& mill, double t) {
    std::uint16_t out = 0, status = 0, error = 0;
    const bool ok =
        link.read_holding(map.output_frequency_register, std::span(&out, 1)).ok() &&
        link.read_holding(map.status_register, std::span(&status, 1)).ok() &&
        (!map.error_register || link.read_holding(*map.error_register, std::span(&error, 1)).ok());
    if (!ok) {
        std::printf("  t=%4.1fs  link error\n", t);
        return;
    }
    const double kmh = mill.to_kmh(out / map.units_per_hz);
    const char* state = map.status_running.matches(status)                            ? "running"
                        : map.status_stopping && map.status_stopping->matches(status) ? "stopping"
                                                                                      : "stopped";
    const int bar = static_cast<int>(kmh * 3);
    std::printf("  t=%4.1fs  belt %5.2f km/h  %-8s fault %d  |%.*s\n", t, kmh, state,
                error & map.error_mask, bar, "##############################################");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: treadguard-bench-demo LINK DRIVE_MAP TREADMILL [KMH]\n");
        return 2;
    }
    modbus::LinkConfig cfg;
    if (auto e = modbus::parse_link_spec(argv[1], cfg)) {
        std::fprintf(stderr, "treadguard-bench-demo: %s\n", e->reason.c_str());
        return 2;
    }
    auto map_file = devicemap::load_drive_map(argv[2]);
    auto mill_file = devicemap::load_treadmill_spec(argv[3]);
    const auto* map = loaded(map_file);
    const auto* mill = loaded(mill_file);
    if (map == nullptr || mill == nullptr) return 2;
    const double kmh = argc > 4 ? std::atof(argv[4]) : 6.0;
    if (!std::isfinite(kmh) || kmh <= 0 || kmh > mill->max_speed_kmh) {
        std::fprintf(stderr, "treadguard-bench-demo: speed %s km/h is not in (0, %.1f]\n",
                     argc > 4 ? argv[4] : "6.0", mill->max_speed_kmh);
        return 2;
    }
    if (auto why = sim::refuse_link_spec(cfg)) {
        std::fprintf(stderr, "treadguard-bench-demo: %s\n", why->c_str());
        return 2;
    }
    cfg.unit_id = map->default_unit;
    cfg.allow_function_06 = map->function_06;
    cfg.max_read_registers = map->max_read_registers;
    modbus::ModbusLink link(cfg);
    if (auto c = link.connect(); !c.ok()) {
        std::fprintf(stderr, "treadguard-bench-demo: %s\n", c.error().text.c_str());
        return 1;
    }
    if (auto why = sim::refuse_device(link, *map)) {
        std::fprintf(stderr, "treadguard-bench-demo: %s\n", why->c_str());
        return 2;
    }
    std::printf("%s on %s, k = %.2f Hz per km/h\n", map->name.c_str(), cfg.describe().c_str(),
                mill->hz_per_kmh);
    const auto hz = static_cast<std::uint16_t>(mill->to_hz(kmh) * map->units_per_hz);
    std::printf("run forward, setpoint %.1f km/h\n", kmh);
    (void)link.write_register(map->frequency_setpoint_register, hz);
    (void)link.write_register(map->command_register, map->run_forward);
    double t = 0;
    for (; t < 5.0; t += 0.5, std::this_thread::sleep_for(500ms))
        show(link, *map, *mill, t);
    std::printf("stop\n");
    (void)link.write_register(map->command_register, map->stop);
    for (; t < 9.0; t += 0.5, std::this_thread::sleep_for(500ms))
        show(link, *map, *mill, t);
    const auto rt = link.stats().round_trips();
    std::printf("link: %llu requests, %llu errors, round trip p50 %.3f ms p99 %.3f ms\n",
                static_cast<unsigned long long>(link.stats().requests()),
                static_cast<unsigned long long>(link.stats().errors()), rt.median_ms, rt.p99_ms);
    return 0;
}
