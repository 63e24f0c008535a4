// controller-bench: the daemon's real-time figures against treadguard-sim with a runner on
// the belt (1 kHz force data): control tick period jitter (p50/p99/max), the delay from a
// stop request on the API to the stop on the wire, and the daemon's CPU share and resident
// memory. Prints figures. It reuses the end-to-end test helpers, so it runs inside a
// doctest context (their REQUIREs abort the run with a message if the setup fails).
#define DOCTEST_CONFIG_IMPLEMENT
#include "tests/service/session_support.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string f;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) utime = std::stod(f);
        if (i == 15) stime = std::stod(f);
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long rss_kib(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return -1;
}

// Polls the simulated drive until `done`; returns microseconds.
double wait_drive_us(const SimProcess& sim, const std::function<bool(const json&)>& done) {
    const auto t0 = SteadyClock::now();
    while (SteadyClock::now() - t0 < 5s) {
        if (done(sim_drive(sim)))
            return std::chrono::duration<double, std::micro>(SteadyClock::now() - t0).count();
    }
    return -1;
}

} // namespace

int bench_seconds = 20;

TEST_CASE("controller-bench") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim, {"--config", quick_profiles_config()});
    start_running(ctl, sim);
    const int seconds = bench_seconds;
    std::printf("controller-bench: runner on the belt, 1 kHz force samples, %d s window\n",
                seconds);
    const double cpu0 = cpu_seconds(ctl.pid());
    const auto t0 = SteadyClock::now();
    for (int i = 0; i < seconds; ++i) {
        std::this_thread::sleep_for(1s);
        std::fprintf(stderr, "\r  measuring %d/%d s", i + 1, seconds);
    }
    std::fprintf(stderr, "\r%30s\r", "");
    const double wall = std::chrono::duration<double>(SteadyClock::now() - t0).count();
    const double cpu = cpu_seconds(ctl.pid()) - cpu0;
    const auto devices = ctl.call({{"cmd", "devices"}})["devices"];
    const auto& tick = devices["tick"];
    std::printf("tick period: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (min %.3f ms, %llu ticks, "
                "target 10 ms)\n",
                tick["period_p50_ms"].get<double>(), tick["period_p99_ms"].get<double>(),
                tick["period_max_ms"].get<double>(), tick["period_min_ms"].get<double>(),
                tick["ticks"].get<unsigned long long>());
    std::printf("daemon CPU: %.1f%% of one core; resident memory %ld KiB\n", 100.0 * cpu / wall,
                rss_kib(ctl.pid()));
    std::printf("plate: %llu samples, %llu dropped; drive link p50 %.3f ms p99 %.3f ms\n",
                devices["plate"]["samples"].get<unsigned long long>(),
                devices["plate"]["dropped"].get<unsigned long long>(),
                devices["drive"]["round_trip_p50_ms"].get<double>(),
                devices["drive"]["round_trip_p99_ms"].get<double>());

    // Stop request -> the first lower setpoint on the wire (controlled stop ramps down).
    const double before = sim_drive(sim)["setpoint_hz"].get<double>();
    auto client = ctl.client();
    const auto sent = SteadyClock::now();
    (void)client->call({{"cmd", "stop"}});
    const double reply_us =
        std::chrono::duration<double, std::micro>(SteadyClock::now() - sent).count();
    const double wire_us = wait_drive_us(
        sim, [&](const json& d) { return d["setpoint_hz"].get<double>() < before - 1e-6; });
    std::printf("stop request -> API reply %.0f us; -> lower setpoint on the wire %.0f us after "
                "the reply\n",
                reply_us, wire_us);
    (void)wait_for(
        ctl, [](const json& s) { return s["state"] == "Stopped"; }, 30s);
    // Emergency stop -> the drive's stop command on the wire.
    (void)ctl.call({{"cmd", "start"}});
    (void)wait_for(
        ctl, [](const json& s) { return s["state"] == "Running"; }, 15s);
    const auto estop_sent = SteadyClock::now();
    (void)client->call({{"cmd", "emergency_stop"}});
    const double estop_us = wait_drive_us(sim, [](const json& d) { return d["run"] == "stop"; });
    std::printf("emergency stop request -> stop command on the wire %.0f us (incl. reply)\n",
                estop_us);
    (void)estop_sent;
}

int main(int argc, char** argv) {
    const auto bin = std::filesystem::absolute(argv[0]).parent_path().string();
    setenv("TG_BIN_DIR", bin.c_str(), 0);
    setenv("TG_SOURCE_DIR", TG_SOURCE_DIR_FOR_BENCH, 0);
    if (argc > 1) bench_seconds = std::max(5, std::atoi(argv[1]));
    doctest::Context context;
    context.setOption("no-intro", true);
    context.setOption("minimal", true);
    return context.run();
}
