// controller-bench: the daemon's real-time figures against treadguard-sim with a runner on
// the belt (1 kHz force data, records written), in four conditions: an idle machine, a busy
// one (one spinning thread per core), slow storage (fsync delayed 50 ms by an LD_PRELOAD
// shim) and a flood of wrong clinician PINs from 16 clients. For each: control tick period
// and lateness, stop -> lower setpoint on the wire, emergency stop -> fast stop on the wire,
// and an emergency stop behind a flood of 10,000 speed requests. One key=value line per
// figure, so runs can be compared. It reuses the end-to-end test helpers, so it runs inside
// a doctest context (their REQUIREs abort the run with a message if the setup fails).
#define DOCTEST_CONFIG_IMPLEMENT
#include "tests/service/session_support.hpp"
#include "tests/support/raw_socket.hpp"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

int bench_seconds = 10;

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

double ms_since(SteadyClock::time_point t0) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
}

// Polls the simulated drive until `done`; milliseconds since t0, or -1.
double wait_drive_ms(const SimProcess& sim, SteadyClock::time_point t0,
                     const std::function<bool(const json&)>& done) {
    while (SteadyClock::now() - t0 < 10s)
        if (done(sim_drive(sim))) return ms_since(t0);
    return -1;
}

void print(const std::string& condition, const char* key, double value) {
    std::printf("%s_%s=%.3f\n", condition.c_str(), key, value);
    std::fflush(stdout);
}

// Background load for a condition, running while the object lives.
class Load {
public:
    Load(const std::string& condition, const std::string& api) {
        if (condition == "busy_cpu")
            for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency()); ++i)
                threads_.emplace_back([this] {
                    volatile std::uint64_t x = 0;
                    while (running_)
                        x = x + 1;
                });
        if (condition == "pin_flood")
            for (int i = 0; i < 16; ++i)
                threads_.emplace_back([this, api, i] {
                    cli::ApiClient c(api);
                    for (int n = 0; running_; ++n)
                        (void)c.call({{"cmd", "audit"}, {"pin", std::to_string(1000 + i * 97 + n)}},
                                     2s);
                });
    }
    ~Load() {
        running_ = false;
        for (auto& t : threads_)
            t.join();
    }

private:
    std::atomic<bool> running_{true};
    std::vector<std::thread> threads_;
};

void measure(const std::string& condition) {
    std::fprintf(stderr, "controller-bench: %s ...\n", condition.c_str());
    SimProcess sim({"--runner-mass", "70"});
    const auto shim = std::string(std::getenv("TG_BIN_DIR")) + "/libtg_slow_fsync.so";
    // "<load>_rt": the same load with the controller at SCHED_FIFO (--realtime).
    const bool realtime = condition.ends_with("_rt");
    const std::string load_name = realtime ? condition.substr(0, condition.size() - 3) : condition;
    if (load_name == "slow_storage") setenv("LD_PRELOAD", shim.c_str(), 1);
    std::vector<std::string> args = {"--config", quick_profiles_config()};
    if (realtime) args.insert(args.end(), {"--realtime", "50"});
    ControllerProcess ctl(sim, args);
    unsetenv("LD_PRELOAD");
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "864213"}}));
    start_running(ctl, sim, "Ana", "864213");
    const double cpu0 = cpu_seconds(ctl.pid());
    const auto t0 = SteadyClock::now();
    {
        Load load(load_name, ctl.api_path());
        for (int i = 0; i < bench_seconds; ++i) {
            std::this_thread::sleep_for(1s);
            std::fprintf(stderr, "\r  %s: measuring %d/%d s", condition.c_str(), i + 1,
                         bench_seconds);
        }
        std::fprintf(stderr, "\n");
    }
    const double wall = std::chrono::duration<double>(SteadyClock::now() - t0).count();
    const auto devices = ctl.call({{"cmd", "devices"}})["devices"];
    const auto& tick = devices["tick"];
    print(condition, "tick_period_p50_ms", tick["period_p50_ms"].get<double>());
    print(condition, "tick_period_p99_ms", tick["period_p99_ms"].get<double>());
    print(condition, "tick_period_max_ms", tick["period_max_ms"].get<double>());
    if (tick.contains("late_p99_ms")) {
        print(condition, "tick_late_p99_ms", tick["late_p99_ms"].get<double>());
        print(condition, "tick_late_max_ms", tick["late_max_ms"].get<double>());
    }
    print(condition, "daemon_cpu_pct", 100.0 * (cpu_seconds(ctl.pid()) - cpu0) / wall);
    print(condition, "daemon_rss_kib", static_cast<double>(rss_kib(ctl.pid())));
    print(condition, "plate_dropped", devices["plate"]["dropped"].get<double>());

    // Stop request -> the first lower setpoint on the wire (controlled stop ramps down).
    auto client = ctl.client();
    const double before = sim_drive(sim)["setpoint_hz"].get<double>();
    auto sent = SteadyClock::now();
    (void)client->call({{"cmd", "stop"}});
    print(condition, "stop_reply_ms", ms_since(sent));
    print(condition, "stop_to_setpoint_frame_ms", wait_drive_ms(sim, sent, [&](const json& d) {
              return d["setpoint_hz"].get<double>() < before - 1e-6;
          }));
    (void)wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 30s);

    // Each further session is a new runner's first (a runner's second run the same day is
    // planned as rest).
    auto start_runner = [&](const std::string& name) {
        require_ok(ctl.call({{"cmd", "runners.add"}, {"name", name}, {"mass_kg", 70}}));
        pass_entry_checks(ctl, name, "864213");
        require_ok(ctl.call({{"cmd", "runner.select"}, {"name", name}}));
        require_ok(ctl.call({{"cmd", "start"}}));
        (void)wait_for(
            ctl, [](const json& s) { return s["state"] == "Running"; }, 15s);
    };

    // Emergency stop -> the drive's fast stop on the wire.
    start_runner("Bo");
    sent = SteadyClock::now();
    (void)client->call({{"cmd", "emergency_stop"}});
    print(condition, "estop_to_fast_stop_frame_ms", wait_drive_ms(sim, sent, [](const json& d) {
              return d.value("fast_stop", false) || d["run"] == "stop";
          }));
    (void)wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 30s);
    (void)wait_at_rest(ctl, 10s);
    require_ok(ctl.call({{"cmd", "fault.ack"}, {"pin", "864213"}}));
    (void)wait_for(
        ctl, [](const json& s) { return s["state"] != "EmergencyStop"; }, 5s);

    // 10,000 speed requests written at once on one connection, then an emergency stop on
    // another: its reply and the fast stop on the wire.
    start_runner("Cy");
    int flood = raw_connect(ctl.api_path());
    std::string lines;
    for (int i = 0; i < 10000; ++i)
        lines += R"({"v":1,"id":)" + std::to_string(i) +
                 R"(,"cmd":"speed","kmh":3})"
                 "\n";
    std::thread writer([&] { (void)::send(flood, lines.data(), lines.size(), MSG_NOSIGNAL); });
    std::this_thread::sleep_for(20ms);
    sent = SteadyClock::now();
    (void)client->call({{"cmd", "emergency_stop"}}, 10s);
    print(condition, "estop_under_flood_ms", ms_since(sent));
    print(condition, "estop_under_flood_to_frame_ms", wait_drive_ms(sim, sent, [](const json& d) {
              return d.value("fast_stop", false) || d["run"] == "stop";
          }));
    ::shutdown(flood, SHUT_RDWR);
    writer.join();
    ::close(flood);
}

} // namespace

TEST_CASE("controller-bench") {
    for (const char* condition : {"idle", "busy_cpu", "slow_storage", "pin_flood", "idle_rt",
                                  "busy_cpu_rt", "slow_storage_rt"})
        measure(condition);
}

int main(int argc, char** argv) {
    const auto bin = std::filesystem::absolute(argv[0]).parent_path().string();
    setenv("TG_BIN_DIR", bin.c_str(), 0);
    setenv("TG_SOURCE_DIR", TG_SOURCE_DIR_FOR_BENCH, 0);
    if (argc > 1) bench_seconds = std::max(3, std::atoi(argv[1]));
    doctest::Context context;
    context.setOption("no-intro", true);
    context.setOption("minimal", true);
    return context.run();
}
