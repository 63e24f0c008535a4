// forceplate-bench: the live path in real time, the way the daemon will run it. A driver
// thread reads treadguard-sim's plate over Modbus TCP and hands samples through the SPSC
// ring to the control loop, which runs the gait analysis. Prints throughput, drops,
// round trips and the gait figures against the model's truth.
//   forceplate-bench [SECONDS=60] [KMH=12] [--rtu]
#include "controller/gait/gait_analyzer.hpp"
#include "controller/gait/gait_summary.hpp"
#include "drivers/forceplate/force_plate.hpp"
#include "drivers/forceplate/plate_calibrator.hpp"
#include "drivers/forceplate/spsc_ring.hpp"
#include "tests/support/sim_process.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

forceplate::SpscRing<forceplate::ForceSample, 4096> ring;

modbus::LinkConfig link_to(const testing::SimProcess& sim, bool rtu) {
    modbus::LinkConfig c;
    if (rtu) (void)modbus::parse_link_spec("rtu:" + sim.rtu_path() + ":460800:8N1", c);
    c.port = static_cast<std::uint16_t>(sim.tcp_port());
    c.response_timeout = 200ms;
    return c;
}

void start_belt(const testing::SimProcess& sim, double kmh) {
    modbus::LinkConfig c = link_to(sim, false);
    c.unit_id = 1;
    modbus::ModbusLink drive(c);
    (void)drive.write_register(0x2001, static_cast<std::uint16_t>(kmh * 300));
    (void)drive.write_register(0x2000, 0x0012);
}

template <class T>
T loaded(std::variant<T, devicemap::DataFileError> v) {
    if (auto* e = std::get_if<devicemap::DataFileError>(&v)) {
        std::fprintf(stderr, "forceplate-bench: %s\n", e->message().c_str());
        std::exit(2);
    }
    return std::get<T>(std::move(v));
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 60;
    const double kmh = argc > 2 ? std::atof(argv[2]) : 12;
    const bool rtu = argc > 3 && std::string(argv[3]) == "--rtu";
    testing::SimProcess sim({"--runner-mass", "70"}, rtu);
    start_belt(sim, kmh);
    // The drive ramps 6 Hz/s, k = 3 Hz per km/h.
    std::this_thread::sleep_for(std::chrono::duration<double>(kmh * 3 / 6.0 + 0.5));

    const auto root = testing::source_dir();
    const auto map =
        loaded(devicemap::load_force_plate_map(root + "/hw/devices/loadcell-fifo-4ch.toml"));
    forceplate::ForcePlate plate(
        map, loaded(forceplate::load_plate_calibration(root + "/hw/calibration/demo-plate.toml")),
        forceplate::link_config_for(map, link_to(sim, rtu)));
    if (auto c = plate.connect(); !c.ok()) {
        std::fprintf(stderr, "forceplate-bench: %s\n", c.error().text.c_str());
        return 1;
    }
    // Tare with nobody on the deck, as at the start of every session.
    (void)sim.control("runner off");
    std::this_thread::sleep_for(1s);
    forceplate::CountAverager empty;
    std::array<forceplate::ForceSample, forceplate::ForcePlate::kMaxBlockSamples> block;
    while (empty.samples() < 500) {
        if (!plate.read(block).ok()) continue;
        for (const auto& raw : plate.last_raw())
            empty.add(raw.counts);
        std::this_thread::sleep_for(2ms);
    }
    auto cal = plate.calibration();
    forceplate::tare(cal, empty.mean());
    plate.set_calibration(cal);
    (void)sim.control("runner on");
    (void)sim.control("truth-reset");

    std::atomic<bool> stop{false};
    std::uint64_t link_errors = 0;
    std::thread driver([&] {
        while (!stop.load()) {
            auto r = plate.read(block);
            if (!r.ok()) {
                ++link_errors;
                continue;
            }
            for (std::size_t i = 0; i < r.value().samples; ++i)
                (void)ring.try_push(block[i]);
            if (r.value().waiting == 0) std::this_thread::sleep_for(5ms);
        }
    });

    // The control loop: 100 Hz ticks, draining the ring each tick.
    gait::GaitConfig gc;
    gc.body_weight_n = 70 * 9.80665;
    gait::GaitAnalyzer analyzer(gc);
    std::vector<gait::StepEvent> steps;
    std::array<forceplate::ForceSample, 256> batch;
    std::uint64_t consumed = 0;
    double latency_max_ms = 0;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < std::chrono::duration<double>(seconds)) {
        std::this_thread::sleep_for(10ms);
        for (std::size_t n; (n = ring.pop_into(batch)) > 0;) {
            const auto now = std::chrono::steady_clock::now();
            for (std::size_t i = 0; i < n; ++i) {
                if (now - start > 1s) // after the start-up backlog
                    latency_max_ms = std::max(
                        latency_max_ms,
                        std::chrono::duration<double, std::milli>(now - batch[i].taken_at).count());
                if (auto e = analyzer.update(batch[i].gait())) steps.push_back(*e);
            }
            consumed += n;
        }
    }
    stop = true;
    driver.join();

    const auto truth =
        nlohmann::json::parse(sim.control("status"))["units"]["2"]["runner"]["truth"];
    const auto s = gait::summarize(steps);
    const auto rt = plate.link_stats().round_trips();
    std::printf("%s, %.0f s at %.1f km/h\n", rtu ? "RTU 460800 on a pty" : "Modbus TCP loopback",
                seconds, kmh);
    std::printf("samples %llu (%.1f /s), dropped %llu, gaps %llu, ring rejected %llu, "
                "link errors %llu\n",
                static_cast<unsigned long long>(consumed), consumed / seconds,
                static_cast<unsigned long long>(plate.stats().dropped),
                static_cast<unsigned long long>(plate.stats().gaps),
                static_cast<unsigned long long>(ring.rejected()),
                static_cast<unsigned long long>(link_errors));
    std::printf("reads %llu, round trip p50 %.3f ms p99 %.3f ms max %.3f ms; sample age at the "
                "control loop max %.1f ms\n",
                static_cast<unsigned long long>(plate.stats().reads), rt.median_ms, rt.p99_ms,
                rt.max_ms, latency_max_ms);
    std::printf("steps %zu, cadence %.2f (true %.2f) spm, VALR %.1f (true %.1f) BW/s\n",
                steps.size(), s.cadence_spm, truth["cadence_spm"].get<double>(), s.valr_bw_s,
                truth["valr_bw_s"].get<double>());
    return plate.stats().dropped == 0 ? 0 : 1;
}
