// The live path end to end: treadguard-sim's runner model -> Modbus TCP -> ForcePlate
// (tg_forceplate) -> gait analysis, against the model's true values from `status`.
#include "controller/gait/gait_analyzer.hpp"
#include "controller/gait/gait_summary.hpp"
#include "drivers/forceplate/force_plate.hpp"
#include "drivers/forceplate/plate_calibrator.hpp"
#include "plate_test_support.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

constexpr double g = 9.80665;

modbus::LinkConfig tcp(const testing::SimProcess& sim) {
    modbus::LinkConfig c;
    c.port = static_cast<std::uint16_t>(sim.tcp_port());
    c.response_timeout = 200ms;
    return c;
}

// Runs the Delta drive on unit 1 at `kmh` (k = 3 Hz per km/h) with a short ramp and
// waits until the belt is at speed.
void run_belt(const testing::SimProcess& sim, double kmh) {
    modbus::LinkConfig c = tcp(sim);
    c.unit_id = 1;
    modbus::ModbusLink drive(c);
    REQUIRE(drive.write_register(0x010C, 10).ok()); // accel time 0.1 s
    REQUIRE(drive.write_register(0x2001, static_cast<std::uint16_t>(kmh * 300)).ok());
    REQUIRE(drive.write_register(0x2000, 0x0012).ok());
    for (int i = 0; i < 100; ++i) {
        std::uint16_t hz = 0;
        REQUIRE(drive.read_holding(0x2103, std::span(&hz, 1)).ok());
        if (hz >= kmh * 300 - 1) return;
        std::this_thread::sleep_for(20ms);
    }
    FAIL("the belt did not reach speed");
}

nlohmann::json plate_status(const testing::SimProcess& sim) {
    return nlohmann::json::parse(sim.control("status"))["units"]["2"];
}

forceplate::ForcePlate connect_plate(const testing::SimProcess& sim, const std::string& map,
                                     forceplate::PlateCalibration cal) {
    forceplate::ForcePlate plate(testing::plate_map(map), std::move(cal),
                                 forceplate::link_config_for(testing::plate_map(map), tcp(sim)));
    auto c = plate.connect();
    if (!c.ok()) FAIL(c.error().text);
    return plate;
}

using Block = std::array<forceplate::ForceSample, forceplate::ForcePlate::kMaxBlockSamples>;

// Reads `count` samples (fast-forward: every read returns a full block).
template <class Each>
void read_samples(forceplate::ForcePlate& plate, std::size_t count, Each each) {
    Block block;
    for (std::size_t n = 0; n < count;) {
        auto r = plate.read(block);
        if (!r.ok()) FAIL(r.error().text);
        for (std::size_t i = 0; i < r.value().samples; ++i)
            each(block[i]);
        n += r.value().samples;
    }
}

forceplate::MeanCounts mean_raw(forceplate::ForcePlate& plate, std::size_t count) {
    forceplate::CountAverager avg;
    Block block;
    while (avg.samples() < count) {
        auto r = plate.read(block);
        if (!r.ok()) FAIL(r.error().text);
        for (const auto& raw : plate.last_raw())
            avg.add(raw.counts);
    }
    return avg.mean();
}

} // namespace

TEST_CASE("10 simulated minutes of running over Modbus TCP: cadence, loading rate, no drops") {
    testing::SimProcess sim({"--fast-forward", "--runner-mass", "72", "--seed", "11"});
    run_belt(sim, 12.0);
    auto plate = connect_plate(sim, "loadcell-fifo-4ch", testing::demo_calibration());

    // Calibrate as a clinic would: tare with nobody on the deck, then a known mass.
    REQUIRE(sim.control("runner off") == "ok runner off");
    forceplate::PlateCalibration cal = plate.calibration();
    const auto empty = mean_raw(plate, 1000);
    REQUIRE(sim.control("load 80") == "ok load 80");
    const auto loaded = mean_raw(plate, 1000);
    REQUIRE_FALSE(forceplate::solve_common_gain(cal, empty, {loaded, 80}).has_value());
    plate.set_calibration(cal);
    double mean_n = 0;
    read_samples(plate, 1000, [&](const auto& s) { mean_n += s.total_n / 1000; });
    CHECK(mean_n == doctest::Approx(80 * g).epsilon(0.005));
    REQUIRE(sim.control("load 0") == "ok load 0");

    // Off the belt while it moves: the safety rule's input stays below 20 % BW.
    double off_max = -1e9;
    read_samples(plate, 2000, [&](const auto& s) { off_max = std::max(off_max, s.total_n); });
    CHECK(off_max < 0.2 * 72 * g);

    REQUIRE(sim.control("runner on") == "ok runner on");
    read_samples(plate, 3000, [](const auto&) {}); // settle into the rhythm
    REQUIRE(sim.control("truth-reset") == "ok truth-reset");

    gait::GaitConfig gc;
    gc.body_weight_n = 72 * g;
    gait::GaitAnalyzer analyzer(gc);
    std::vector<gait::StepEvent> steps;
    double previous_t = -1;
    bool monotonic = true;
    const auto start = std::chrono::steady_clock::now();
    read_samples(plate, 600'000, [&](const forceplate::ForceSample& s) {
        monotonic = monotonic && s.time_s > previous_t;
        previous_t = s.time_s;
        if (auto e = analyzer.update(s.gait())) steps.push_back(*e);
    });
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto truth = plate_status(sim)["runner"]["truth"];
    const auto summary = gait::summarize(steps);
    MESSAGE("600 s simulated in " << wall_s << " s wall; " << steps.size() << " steps; cadence "
                                  << summary.cadence_spm << " (true " << truth["cadence_spm"]
                                  << "), VALR " << summary.valr_bw_s << " BW/s (true "
                                  << truth["valr_bw_s"] << ")");
    CHECK(monotonic);
    CHECK(plate.stats().dropped == 0);
    CHECK(plate.stats().gaps == 0);
    CHECK(plate.stats().overflows == 0);
    CHECK(plate.link_stats().errors() == 0);
    CHECK(summary.running_steps + 5 >= truth["steps"].get<std::size_t>());
    CHECK(std::abs(summary.cadence_spm - truth["cadence_spm"].get<double>()) < 1.0);
    CHECK(summary.valr_bw_s == doctest::Approx(truth["valr_bw_s"].get<double>()).epsilon(0.05));
    CHECK(summary.symmetry.left_steps > steps.size() / 3);
    CHECK(summary.symmetry.right_steps > steps.size() / 3);
}

TEST_CASE("real time: 1 kHz over Modbus TCP with no sample dropped") {
    testing::SimProcess sim;
    run_belt(sim, 10.0);
    auto plate = connect_plate(sim, "loadcell-fifo-4ch", testing::demo_calibration());
    Block block;
    std::size_t samples = 0;
    std::uint64_t first = 0, last = 0;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 3s) {
        auto r = plate.read(block);
        if (!r.ok()) FAIL(r.error().text);
        if (r.value().samples > 0) {
            if (samples == 0) first = block[0].sequence;
            last = block[r.value().samples - 1].sequence;
        }
        samples += r.value().samples;
        if (r.value().waiting == 0) std::this_thread::sleep_for(5ms);
    }
    MESSAGE(samples << " samples in 3 s, " << plate.stats().reads << " reads, round trip p99 "
                    << plate.link_stats().round_trips().p99_ms << " ms");
    CHECK(samples == doctest::Approx(3000).epsilon(0.05));
    CHECK(last - first + 1 == samples);
    CHECK(plate.stats().dropped == 0);
    CHECK(plate.stats().overflows == 0);
}

TEST_CASE("a reply lost to a timeout costs no samples: the mirror block is read back") {
    testing::SimProcess sim({"--fast-forward", "--deck-load", "50"});
    auto plate = connect_plate(sim, "loadcell-fifo-4ch", testing::demo_calibration());
    Block block;
    REQUIRE(plate.read(block).ok());
    REQUIRE(sim.control("delay 400") == "ok delay 400");
    auto lost = plate.read(block);
    REQUIRE_FALSE(lost.ok());
    CHECK(lost.error().kind == modbus::LinkErrorKind::Timeout);
    REQUIRE(sim.control("delay 0") == "ok delay 0");
    std::this_thread::sleep_for(450ms); // the late reply arrives and is flushed
    auto recovered = plate.read(block);
    if (!recovered.ok()) FAIL(recovered.error().text);
    CHECK(recovered.value().recovered);
    CHECK(recovered.value().samples == forceplate::ForcePlate::kMaxBlockSamples);
    for (int i = 0; i < 5; ++i)
        REQUIRE(plate.read(block).ok());
    CHECK(plate.stats().dropped == 0);
    CHECK(plate.stats().recovered_blocks == 1);
    CHECK(plate.stats().samples == 7 * forceplate::ForcePlate::kMaxBlockSamples);
}

TEST_CASE("a FIFO overflow shows up as a gap with the number of samples lost") {
    testing::SimProcess sim;
    auto plate = connect_plate(sim, "loadcell-fifo-4ch", testing::demo_calibration());
    Block block;
    REQUIRE(plate.read(block).ok());
    std::this_thread::sleep_for(2600ms); // the FIFO holds 2048 samples
    bool overflow = false;
    std::uint64_t dropped = 0;
    for (int i = 0; i < 200; ++i) {
        auto r = plate.read(block);
        REQUIRE(r.ok());
        overflow = overflow || r.value().overflow;
        dropped += r.value().dropped;
        if (r.value().waiting == 0) break;
    }
    CHECK(overflow);
    CHECK(dropped == plate.stats().dropped);
    CHECK(plate.stats().gaps == 1);
    CHECK(dropped > 300);
    CHECK(dropped < 1200);
    CHECK(plate.stats().dropped == plate_status(sim)["overflow_samples"].get<std::uint64_t>());
}

TEST_CASE("the DGT4X map: signed weights per cell, the instrument's zero, known weight") {
    const std::string map = testing::source_dir() + "/hw/devices/dini-argeo-dgt4x.toml";
    testing::SimProcess sim({"--plate-map", map, "--deck-load", "70"});
    auto cal = testing::demo_calibration();
    for (auto& c : cal.cells)
        c.gain_n_per_count = 0.1 * g; // 0.1 kg divisions
    auto plate = connect_plate(sim, "dini-argeo-dgt4x", cal);
    Block block;
    auto total = [&] {
        double sum = 0;
        for (int i = 0; i < 20; ++i) {
            std::this_thread::sleep_for(2ms); // the simulated cells update at 1 kHz
            auto r = plate.read(block);
            if (!r.ok()) FAIL(r.error().text);
            CHECK(r.value().samples == 1);
            sum += block[0].total_n / 20;
        }
        return sum;
    };
    CHECK(total() == doctest::Approx(110 * g).epsilon(0.01)); // 40 kg deck + 70 kg
    // The manual's layout read right: four cells, four different values (each cell its own
    // zero offset in the sim), gross equal to net before a tare.
    {
        std::set<std::int32_t> distinct(plate.last_raw()[0].counts.begin(),
                                        plate.last_raw()[0].counts.end());
        CHECK(distinct.size() == 4);
        CHECK(plate.last_weights().counts == plate.last_weights().net);
    }
    REQUIRE(plate.device_zero().ok());
    REQUIRE(plate.device_zero().ok()); // a repeat: "no command" is written before it
    CHECK(plate_status(sim)["ignored_commands"].get<int>() == 0);
    CHECK(std::abs(total()) < 2 * g);
    REQUIRE(sim.control("load 0") == "ok load 0");
    CHECK(total() == doctest::Approx(-70 * g).epsilon(0.01)); // sign from the status bit
    CHECK(plate.stats().samples == 60);
    CHECK(plate.stats().dropped == 0);
}
