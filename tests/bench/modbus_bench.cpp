// modbus-bench: Modbus round trips per second and latency percentiles of our link layer
// against treadguard-sim over TCP loopback and RTU on a pty, beside mbpoll's figures
// against the same server. A benchmark prints figures; it asserts nothing.
#include "drivers/modbus/modbus_link.hpp"
#include "tests/support/sim_process.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

using namespace tg;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
    double per_second = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
    std::size_t errors = 0;
};

Figures summarise(std::vector<double> ms, double wall_s, std::size_t errors) {
    Figures f;
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) return f;
    f.per_second = static_cast<double>(ms.size()) / wall_s;
    f.p50_ms = ms[ms.size() / 2];
    f.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
    f.max_ms = ms.back();
    f.errors = errors;
    return f;
}

void print(const std::string& what, const Figures& f) {
    std::printf("%-44s %9.0f/s  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  errors %zu\n",
                what.c_str(), f.per_second, f.p50_ms, f.p99_ms, f.max_ms, f.errors);
}

// Back-to-back reads of the drive's 4-register status block on one open link.
Figures link_round_trips(modbus::LinkConfig cfg, int n) {
    modbus::ModbusLink link(cfg);
    std::vector<double> ms;
    std::size_t errors = 0;
    std::uint16_t block[4];
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        if (link.read_holding(0x2100, block).ok()) {
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        } else {
            ++errors;
        }
        if (i % (n / 10) == 0)
            std::fprintf(stderr, "\r  %s %3d%%", cfg.describe().c_str(), 100 * i / n);
    }
    std::fprintf(stderr, "\r%60s\r", "");
    return summarise(ms, std::chrono::duration<double>(Clock::now() - start).count(), errors);
}

// One new connection + one read: what a one-shot mbpoll invocation does (minus process start).
Figures link_one_shots(modbus::LinkConfig cfg, int n) {
    std::vector<double> ms;
    std::size_t errors = 0;
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        modbus::ModbusLink link(cfg);
        std::uint16_t block[4];
        if (link.read_holding(0x2100, block).ok()) {
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        } else {
            ++errors;
        }
    }
    return summarise(ms, std::chrono::duration<double>(Clock::now() - start).count(), errors);
}

// mbpoll polls at most every 10 ms, so its throughput is measured as one-shot
// invocations (process start + connect + one read), the way scripts use it.
Figures mbpoll_one_shots(const std::string& target, int n) {
    std::vector<double> ms;
    std::size_t errors = 0;
    const std::string cmd = "mbpoll -a 1 -0 -r 0x2100 -c 4 -1 " + target + " >/dev/null 2>&1";
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        if (std::system(cmd.c_str()) == 0) {
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        } else {
            ++errors;
        }
    }
    return summarise(ms, std::chrono::duration<double>(Clock::now() - start).count(), errors);
}

} // namespace

int main(int argc, char** argv) {
    int n = 5000;
    if (argc > 1) n = std::max(100, std::atoi(argv[1]));
    const auto bin = std::filesystem::absolute(argv[0]).parent_path().string();
    setenv("TG_BIN_DIR", bin.c_str(), 0);
    const bool have_mbpoll = std::system("command -v mbpoll >/dev/null 2>&1") == 0;

    testing::SimProcess sim({}, true);
    modbus::LinkConfig tcp;
    tcp.port = static_cast<std::uint16_t>(sim.tcp_port());
    tcp.response_timeout = std::chrono::milliseconds(500);
    modbus::LinkConfig rtu;
    (void)modbus::parse_link_spec("rtu:" + sim.rtu_path() + ":115200:8N1", rtu);
    rtu.response_timeout = std::chrono::milliseconds(500);

    std::printf(
        "modbus-bench: read 4 holding registers (0x2100 block) from treadguard-sim, %d requests\n",
        n);
    std::printf("(RTU runs on a pseudo-terminal: no baud-rate delay; a real 115200 bus adds ~5 ms "
                "per request)\n\n");
    print("treadguard link, TCP loopback", link_round_trips(tcp, n));
    print("treadguard link, RTU on pty", link_round_trips(rtu, n));
    // Cross-check: the server counted every request the link says it made.
    const std::string status = sim.control("status");
    const auto at = status.find("\"requests\"");
    std::printf("server counted %s\n", status.substr(at, status.find('}', at) - at + 1).c_str());
    const int shots = 100;
    std::printf("\none-shot: new connection + one read (%d times)\n", shots);
    print("treadguard link, TCP connect+read", link_one_shots(tcp, shots));
    print("treadguard link, RTU open+read", link_one_shots(rtu, shots));
    if (have_mbpoll) {
        print(
            "mbpoll -1, TCP (incl. process start)",
            mbpoll_one_shots("-m tcp -p " + std::to_string(sim.tcp_port()) + " 127.0.0.1", shots));
        print("mbpoll -1, RTU (incl. process start)",
              mbpoll_one_shots("-m rtu -b 115200 -P none " + sim.rtu_path(), shots));
    } else {
        std::printf("mbpoll not installed: no peer figures\n");
    }
    return 0;
}
