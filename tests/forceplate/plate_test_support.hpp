#pragma once
// Shared helpers of the force-plate tests: the shipped data files, and an in-process
// bench (simulated plate + the driver's decoding and calibration, no network) with time
// driven by hand.
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/forceplate/count_averager.hpp"
#include "drivers/forceplate/fifo_block.hpp"
#include "drivers/forceplate/plate_calibration.hpp"
#include "drivers/forceplate/plate_forces.hpp"
#include "hw/sim/force_plate_model.hpp"
#include "hw/sim/runner_model.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace tg::testing {

inline devicemap::ForcePlateMap plate_map(const std::string& name) {
    auto m = devicemap::load_force_plate_map(source_dir() + "/hw/devices/" + name + ".toml");
    if (auto* e = std::get_if<devicemap::DataFileError>(&m)) FAIL(e->message());
    return std::get<devicemap::ForcePlateMap>(m);
}

inline forceplate::PlateCalibration demo_calibration() {
    auto c = forceplate::load_plate_calibration(source_dir() + "/hw/calibration/demo-plate.toml");
    if (auto* e = std::get_if<devicemap::DataFileError>(&c)) FAIL(e->message());
    return std::get<forceplate::PlateCalibration>(c);
}

// The simulated FIFO plate read block by block in fast-forward, as the driver would.
class HandBench {
public:
    explicit HandBench(sim::RunnerConfig runner = {}, std::uint64_t seed = 1)
        : calibration_(demo_calibration()) {
        auto model = std::make_unique<sim::RunnerModel>(runner, seed);
        runner_ = model.get();
        plate_ = std::make_unique<sim::ForcePlateModel>(
            plate_map("loadcell-fifo-4ch"), calibration_, std::move(model),
            [this] { return belt_kmh; }, sim::PlateClock{1.0, true}, seed,
            sim::Clock::time_point{});
    }

    // The next block of up to 20 samples, raw.
    std::vector<forceplate::RawSample> read_raw(std::size_t n = 20) {
        std::vector<std::uint16_t> regs(5 + 6 * n);
        REQUIRE(plate_->read_holding(0x0100, regs, sim::Clock::time_point{}) == 0);
        forceplate::FifoBlockHeader h;
        std::vector<forceplate::RawSample> raw(n);
        REQUIRE_FALSE(forceplate::decode_fifo_block(regs, h, raw).has_value());
        raw.resize(h.count);
        return raw;
    }

    forceplate::MeanCounts mean_counts(std::size_t samples) {
        forceplate::CountAverager avg;
        while (avg.samples() < samples)
            for (const auto& s : read_raw())
                avg.add(s.counts);
        return avg.mean();
    }

    double belt_kmh = 0;
    forceplate::PlateCalibration& calibration() { return calibration_; }
    sim::ForcePlateModel& plate() { return *plate_; }
    sim::RunnerModel& runner() { return *runner_; }

private:
    forceplate::PlateCalibration calibration_;
    sim::RunnerModel* runner_ = nullptr;
    std::unique_ptr<sim::ForcePlateModel> plate_;
};

} // namespace tg::testing
