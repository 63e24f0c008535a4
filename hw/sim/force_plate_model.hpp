#pragma once
// The simulated force plate at unit 2: a deck on four load cells behind either front
// end of its device map (the DGT4X weighing transmitter or the sample-FIFO board),
// loaded by a LoadSource (the runner model or a replayed recording) plus an optional
// static mass (`load KG`, for tare and known-weight calibration).
//
// Samples are made lazily at the map's rate (1 kHz) on the plate's own clock, which runs
// at `time_scale` x wall time, or - in fast-forward - only as fast as the master reads
// (each block read first tops the FIFO up to the block's size), so tests cover minutes
// of running in seconds with no sample lost. Deterministic given the seed.
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/forceplate/plate_calibration.hpp"
#include "drivers/forceplate/raw_sample.hpp"
#include "hw/sim/deck_cells.hpp"
#include "hw/sim/deck_load.hpp"
#include "hw/sim/sim_device.hpp"

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <vector>

namespace tg::sim {

struct PlateClock {
    double time_scale = 1.0;
    bool fast_forward = false;
};

class ForcePlateModel final : public SimDevice {
public:
    using BeltSpeed = std::function<double()>; // km/h, what the drive outputs now

    const devicemap::ForcePlateMap& map() const { return map_; }
    ForcePlateModel(devicemap::ForcePlateMap map, const forceplate::PlateCalibration& geometry,
                    std::unique_ptr<LoadSource> source, BeltSpeed belt, PlateClock clock,
                    std::uint64_t seed, Clock::time_point now);

    bool accepts_function(std::uint8_t function) const override;
    int max_read_registers() const override { return map_.max_read_registers; }
    std::uint8_t read_holding(std::uint16_t address, std::span<std::uint16_t> out,
                              Clock::time_point now) override;
    std::uint8_t write(std::uint16_t address, std::span<const std::uint16_t> values,
                       Clock::time_point now) override;
    void advance(Clock::time_point now) override;
    std::string status_line() const override;
    nlohmann::json status_json() const override;

    // A still mass on the deck (0 removes it), at the deck's centre or at (x, y).
    void set_static_load(double kg, double x_m = 0, double y_m = 0);
    LoadSource& source() { return *source_; }
    // Samples made so far; sample k is taken at k / rate on the plate's clock.
    std::uint64_t samples_made() const { return made_; }
    double plate_time_s() const { return static_cast<double>(made_) / rate_hz_; }
    // Makes samples up to plate time `t_s` (tests drive time by hand with this).
    void run_until(double t_s);

private:
    void make_sample();
    void settle(const forceplate::RawCounts& counts);
    forceplate::RawCounts settled_counts() const;
    std::uint8_t read_fifo_block(std::span<std::uint16_t> out);
    std::uint8_t read_weights(std::uint16_t address, std::span<std::uint16_t> out);
    std::optional<std::uint16_t> fifo_register(std::uint16_t address) const;

    devicemap::ForcePlateMap map_;
    DeckCells cells_;
    std::unique_ptr<LoadSource> source_;
    BeltSpeed belt_;
    PlateClock clock_;
    Clock::time_point start_;
    double rate_hz_;
    std::mt19937_64 noise_rng_;
    std::normal_distribution<double> noise_;

    std::uint64_t made_ = 0;
    forceplate::RawCounts latest_{};
    std::array<double, forceplate::kPlateCells> settled_{}; // filtered, for zero and tare
    std::deque<forceplate::RawSample> fifo_;
    bool overflowed_ = false;
    std::uint64_t overflow_samples_ = 0;
    std::vector<std::uint16_t> mirror_;
    std::uint64_t blocks_read_ = 0;

    double static_kg_ = 0, static_x_m_ = 0, static_y_m_ = 0;
    forceplate::RawCounts zero_{}; // weight-registers: the instrument's zero
    forceplate::RawCounts tare_{}; // and its tare (net = gross - tare)
    std::uint16_t last_command_ = 0;
    std::uint64_t ignored_commands_ = 0; // repeats without "no command" in between
    double last_total_n_ = 0;
};

} // namespace tg::sim
