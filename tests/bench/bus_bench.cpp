// bus-bench: what a baud-accurate RS-485 line (treadguard-sim --baud) lets a master achieve,
// beside the wire limit from the arithmetic (drivers/modbus/rtu_timing.hpp). One line of
// key=value figures per configuration:
//   drive alone at 9600/19200/115200 baud, back-to-back reads of the 4-register status
//   block, by our link, by a python3-pymodbus client and by mbpoll, in the same run;
//   the force plate alone at 460800/921600 baud, 125-register FIFO blocks read by our
//   ForcePlate driver (samples/s against the 1 kHz the plate makes, drops).
// A benchmark prints figures; it asserts nothing.
//   bus-bench [--seconds S] [--busy]   (--busy: one busy loop per core while measuring)
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/forceplate/force_plate.hpp"
#include "drivers/forceplate/plate_calibration.hpp"
#include "drivers/modbus/link_timeouts.hpp"
#include "drivers/modbus/modbus_link.hpp"
#include "drivers/modbus/rtu_timing.hpp"
#include "tests/support/sim_process.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

using namespace tg;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kStatusBlock = 0x2100;
constexpr int kStatusRegisters = 4;

struct Line {
    int baud = 0;
    std::string devices, client, request;
    double wire_limit_rps = 0, achieved_rps = 0, p99_ms = -1;
    long timeouts = 0;
    std::string extra; // further key=value pairs
};

void print(const Line& l) {
    std::printf("baud=%d format=8N1 devices=%s client=%s request=%s wire_limit_rps=%.1f "
                "achieved_rps=%.1f ratio=%.3f p99_ms=%s timeouts=%ld%s\n",
                l.baud, l.devices.c_str(), l.client.c_str(), l.request.c_str(), l.wire_limit_rps,
                l.achieved_rps, l.achieved_rps / l.wire_limit_rps,
                l.p99_ms < 0 ? "na" : std::to_string(l.p99_ms).substr(0, 6).c_str(), l.timeouts,
                l.extra.c_str());
    std::fflush(stdout);
}

double p99(std::vector<double> ms) {
    if (ms.empty()) return -1;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
}

modbus::SerialFormat format_at(int baud) {
    return {baud, 8, 'N', 1};
}

std::string rtu_spec(const testing::SimProcess& sim, int baud) {
    return "rtu:" + sim.rtu_path() + ":" + std::to_string(baud) + ":8N1";
}

double drive_wire_limit(int baud) {
    return modbus::wire_limit_per_second(format_at(baud), modbus::rtu_bytes::kReadRequest,
                                         modbus::rtu_bytes::read_reply(kStatusRegisters),
                                         modbus::WireNanos{0});
}

Line drive_ours(const testing::SimProcess& sim, int baud, double seconds) {
    modbus::LinkConfig c;
    (void)modbus::parse_link_spec(rtu_spec(sim, baud), c);
    c.max_read_registers = 16; // the Delta map's limits: derived timeouts as in service
    c.max_write_registers = 16;
    modbus::ModbusLink link(c);
    std::uint16_t block[kStatusRegisters];
    (void)link.read_holding(kStatusBlock, block); // opens the port
    std::vector<double> ms;
    long timeouts = 0;
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        const auto t0 = Clock::now();
        if (link.read_holding(kStatusBlock, block).ok())
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        else
            ++timeouts;
    }
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const auto t = modbus::effective_timeouts(c);
    return {baud,
            "drive",
            "treadguard",
            "fc03x4",
            drive_wire_limit(baud),
            static_cast<double>(ms.size()) / wall,
            p99(ms),
            timeouts,
            " response_timeout_ms=" + std::to_string(t.response.count()) +
                " byte_timeout_ms=" + std::to_string(t.byte.count())};
}

Line drive_pymodbus(const testing::SimProcess& sim, int baud, double seconds) {
    Line l{baud, "drive", "pymodbus", "fc03x4", drive_wire_limit(baud), 0, -1, 0, ""};
    const int requests = std::max(20, static_cast<int>(l.wire_limit_rps * seconds));
    const std::string cmd =
        "/usr/bin/python3 " + testing::source_dir() + "/tests/wire/pymodbus_rtu_client.py --port " +
        sim.rtu_path() + " --baud " + std::to_string(baud) + " --unit 1 --address " +
        std::to_string(kStatusBlock) + " --count 4 --requests " + std::to_string(requests);
    auto r = testing::run_command(cmd, static_cast<int>(seconds * 10 + 30));
    std::smatch m;
    if (!std::regex_search(r.output, m,
                           std::regex("ok=([0-9]+) timeouts=([0-9]+) median_ms=([0-9.]+) "
                                      "p99_ms=([0-9.]+) wall_s=([0-9.]+)"))) {
        l.extra = " error=pymodbus_failed";
        return l;
    }
    l.achieved_rps = std::stod(m[1]) / std::stod(m[5]);
    l.timeouts = std::stol(m[2]);
    l.p99_ms = std::stod(m[4]);
    return l;
}

// mbpoll cannot poll back to back: its shortest poll interval is 10 ms, slept after each
// poll, so its figure is bounded by 1 / (round trip + 10 ms), not by the wire.
Line drive_mbpoll(const testing::SimProcess& sim, int baud, double seconds) {
    Line l{baud, "drive", "mbpoll", "fc03x4", drive_wire_limit(baud), 0, -1, 0, ""};
    const auto round_trip = modbus::round_trip_time(
        format_at(baud), modbus::rtu_bytes::kReadRequest,
        modbus::rtu_bytes::read_reply(kStatusRegisters), modbus::WireNanos{0});
    const double bound = 1e3 / (static_cast<double>(round_trip.count()) / 1e6 + 10.0);
    const std::string cmd = "timeout -s INT " + std::to_string(seconds) + " mbpoll -m rtu -b " +
                            std::to_string(baud) + " -P none -a 1 -0 -r " +
                            std::to_string(kStatusBlock) + " -c 4 -l 10 " + sim.rtu_path();
    const auto start = Clock::now();
    auto r = testing::run_command(cmd, static_cast<int>(seconds + 10));
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    std::smatch m;
    if (!std::regex_search(r.output, m,
                           std::regex("([0-9]+) frames transmitted, ([0-9]+) received"))) {
        l.extra = " error=mbpoll_failed";
        return l;
    }
    const long sent = std::stol(m[1]);
    const long received = std::stol(m[2]);
    l.achieved_rps = static_cast<double>(received) / wall;
    l.timeouts = std::max(0L, sent - received - 1); // the poll cut short by the stop signal
    char extra[96];
    std::snprintf(extra, sizeof extra, " poll_interval_ms=10 poll_bound_rps=%.1f", bound);
    l.extra = extra;
    return l;
}

// The plate's driver reading 125-register FIFO blocks. Real time (the plate makes 1 kHz):
// samples/s and drops. Saturated (the sim's plate clock runs `time_scale` times faster,
// so a full block always waits): full blocks per second against the wire limit.
void plate_ours(const testing::SimProcess& sim, int baud, double seconds, double time_scale) {
    const auto root = testing::source_dir();
    auto map_v = devicemap::load_force_plate_map(root + "/hw/devices/loadcell-fifo-4ch.toml");
    auto cal_v = forceplate::load_plate_calibration(root + "/hw/calibration/demo-plate.toml");
    if (!std::holds_alternative<devicemap::ForcePlateMap>(map_v) ||
        !std::holds_alternative<forceplate::PlateCalibration>(cal_v)) {
        std::fprintf(stderr, "bus-bench: cannot load the plate's map or calibration\n");
        std::exit(2);
    }
    const auto map = std::get<devicemap::ForcePlateMap>(map_v);
    modbus::LinkConfig c;
    (void)modbus::parse_link_spec(rtu_spec(sim, baud), c);
    c = forceplate::link_config_for(map, c);
    forceplate::ForcePlate plate(map, std::get<forceplate::PlateCalibration>(cal_v), c);
    const int block_registers = map.max_read_registers;
    const int samples_per_block = map.fifo.samples_per_read(block_registers);
    const double block_limit = modbus::wire_limit_per_second(
        format_at(baud), modbus::rtu_bytes::kReadRequest,
        modbus::rtu_bytes::read_reply(block_registers), map.reply_delay);
    const bool saturated = time_scale > 1;
    Line l{baud,        "plate", "treadguard", "fc03x" + std::to_string(block_registers),
           block_limit, 0,       -1,           0,
           ""};
    if (auto s = plate.connect(); !s.ok()) {
        std::printf("baud=%d devices=plate client=treadguard error=connect_failed %s\n", baud,
                    s.error().text.c_str());
        return;
    }
    std::array<forceplate::ForceSample, forceplate::ForcePlate::kMaxBlockSamples> block;
    std::vector<double> ms;
    std::uint64_t samples = 0, full_reads = 0;
    // Real time: read again at once while a full block waits, else let half a block fill.
    const auto half_block =
        std::chrono::duration<double>(samples_per_block / map.fifo.sample_rate_hz / 2);
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        const auto t0 = Clock::now();
        auto r = plate.read(block);
        if (!r.ok()) {
            ++l.timeouts;
            continue;
        }
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        samples += r.value().samples;
        if (r.value().samples == static_cast<std::size_t>(samples_per_block)) ++full_reads;
        if (!saturated && r.value().waiting < static_cast<std::size_t>(samples_per_block))
            std::this_thread::sleep_for(half_block);
    }
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    if (saturated) {
        l.achieved_rps = static_cast<double>(full_reads) / wall;
        l.p99_ms = p99(ms);
        char extra[96];
        std::snprintf(extra, sizeof extra, " mode=saturated time_scale=%.0f", time_scale);
        l.extra = extra;
        print(l);
        return;
    }
    std::printf("baud=%d format=8N1 devices=plate client=treadguard request=fc03x%d "
                "plate_rate_hz=%.0f samples_per_s=%.1f wire_limit_samples_per_s=%.0f "
                "reads_per_s=%.1f drops=%llu overflows=%llu p99_ms=%.3f timeouts=%ld\n",
                baud, block_registers, map.fifo.sample_rate_hz, static_cast<double>(samples) / wall,
                block_limit * samples_per_block, static_cast<double>(ms.size()) / wall,
                static_cast<unsigned long long>(plate.stats().dropped),
                static_cast<unsigned long long>(plate.stats().overflows), p99(ms), l.timeouts);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 3;
    bool busy = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--seconds" && i + 1 < argc) {
            seconds = std::max(0.5, std::atof(argv[++i]));
        } else if (a == "--busy") {
            busy = true;
        } else {
            std::fprintf(stderr, "usage: bus-bench [--seconds S] [--busy]\n");
            return 2;
        }
    }
    const auto bin = std::filesystem::absolute(argv[0]).parent_path().string();
    setenv("TG_BIN_DIR", bin.c_str(), 0);
    setenv("TG_SOURCE_DIR", TG_SOURCE_DIR_FOR_BENCH, 0);
    const bool have_mbpoll = std::system("command -v mbpoll >/dev/null 2>&1") == 0;

    std::atomic<bool> stop{false};
    std::vector<std::thread> loops;
    if (busy) {
        for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency()); ++i)
            loops.emplace_back([&stop] {
                volatile std::uint64_t x = 0;
                while (!stop.load(std::memory_order_relaxed))
                    x = x + 1;
            });
    }
    std::printf("# bus-bench: treadguard-sim --baud (8N1), %.1f s per configuration%s; ratio = "
                "achieved / wire limit (request + t3.5 + reply + t3.5 per transaction)\n",
                seconds, busy ? ", one busy loop per core" : "");
    for (int baud : {9600, 19200, 115200}) {
        testing::SimProcess sim({"--baud", std::to_string(baud)}, true);
        print(drive_ours(sim, baud, seconds));
        print(drive_pymodbus(sim, baud, seconds));
        if (have_mbpoll) print(drive_mbpoll(sim, baud, seconds));
    }
    for (int baud : {460800, 921600}) {
        {
            testing::SimProcess sim({"--baud", std::to_string(baud)}, true);
            plate_ours(sim, baud, 2 * seconds, 1);
        }
        testing::SimProcess fast({"--baud", std::to_string(baud), "--time-scale", "5"}, true);
        plate_ours(fast, baud, seconds, 5);
    }
    stop = true;
    for (auto& t : loops)
        t.join();
    return 0;
}
