#pragma once
// A force plate over Modbus, driven by its device map and its calibration file, in the
// ros2_control manner: the hardware is data, and the driver is a plain read cycle that
// the owner (one driver thread) calls in a loop. Every failure is a LinkError value.
//
// Sample-FIFO front ends: each read() pops one block (up to 20 samples at 125 registers),
// sequence numbers are checked for gaps, and samples are stamped on the device's sample
// clock. A read that timed out may have popped a block whose reply was lost: the next
// read() fetches the device's mirror of the last block first and keeps it if it is the
// block that was missing, so a lost reply costs no samples.
// Weighing transmitters: each read() is one sample of all cells, stamped when it arrives.
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/forceplate/force_sample.hpp"
#include "drivers/forceplate/plate_calibration.hpp"
#include "drivers/forceplate/raw_sample.hpp"
#include "drivers/forceplate/sequence_tracker.hpp"
#include "drivers/forceplate/weight_block.hpp"
#include "drivers/modbus/modbus_link.hpp"

#include <array>
#include <span>

namespace tg::forceplate {

struct ReadCycle {
    std::size_t samples = 0;   // written to the caller's buffer
    std::size_t waiting = 0;   // still in the device's FIFO: read again at once
    std::uint64_t dropped = 0; // samples lost just before this block
    bool overflow = false;     // the device reported a FIFO overflow
    bool cell_fault = false;   // ADC fault / cell overload flagged by the device
    bool recovered = false;    // this block came from the mirror after a lost reply
};

struct PlateStats {
    std::uint64_t reads = 0;
    std::uint64_t samples = 0;
    std::uint64_t dropped = 0;
    std::uint64_t gaps = 0;
    std::uint64_t restarts = 0;
    std::uint64_t overflows = 0;
    std::uint64_t cell_faults = 0;
    std::uint64_t recovered_blocks = 0;
};

class ForcePlate {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kMaxBlockSamples = 20; // (125 - 5) / 6

    ForcePlate(devicemap::ForcePlateMap map, PlateCalibration calibration, modbus::LinkConfig link);

    // Connects. FIFO front ends: checks the identity register, reads the sample rate,
    // and clears the FIFO so the stream starts fresh.
    modbus::LinkStatus connect(Clock::time_point now = Clock::now());
    // One Modbus request. `out` should hold kMaxBlockSamples.
    modbus::LinkResult<ReadCycle> read(std::span<ForceSample> out,
                                       Clock::time_point now = Clock::now());
    // Weighing transmitters only: the instrument's own zero (0x01) command. The command
    // register is set to "no command" first: the DGT4X ignores a repeat of the last command.
    modbus::LinkStatus device_zero();
    // Weighing transmitters: the last block as read (gross, net, status per cell).
    const WeightBlock& last_weights() const { return weights_; }

    // Replaces the calibration (after a tare or known-weight calibration); call it on the
    // thread that runs read().
    void set_calibration(const PlateCalibration& calibration) { calibration_ = calibration; }
    const PlateCalibration& calibration() const { return calibration_; }
    const devicemap::ForcePlateMap& map() const { return map_; }
    double sample_rate_hz() const { return rate_hz_; }
    // Raw counts of the samples of the last read() (tare and calibration average them).
    std::span<const RawSample> last_raw() const { return {raw_.data(), raw_count_}; }
    const PlateStats& stats() const { return stats_; }
    const modbus::LinkStats& link_stats() const { return link_.stats(); }
    std::string link_description() const { return link_.config().describe(); }

private:
    modbus::LinkResult<ReadCycle> read_fifo(std::span<ForceSample> out, Clock::time_point now);
    modbus::LinkResult<ReadCycle> read_weights(std::span<ForceSample> out, Clock::time_point now);
    modbus::LinkResult<ReadCycle> take_block(std::span<const std::uint16_t> registers,
                                             std::span<ForceSample> out, Clock::time_point now,
                                             bool from_mirror);
    void convert(const RawSample& raw, std::uint64_t sequence, double time_s,
                 Clock::time_point taken_at, ForceSample& out) const;

    devicemap::ForcePlateMap map_;
    PlateCalibration calibration_;
    modbus::ModbusLink link_;
    double rate_hz_;
    SequenceTracker sequence_;
    Clock::time_point connected_at_{};
    std::uint64_t weight_reads_ = 0;
    WeightBlock weights_{};
    int recover_registers_ = 0; // > 0: the last block read timed out with this length
    std::array<std::uint16_t, 125> registers_{};
    std::array<RawSample, kMaxBlockSamples> raw_{};
    std::size_t raw_count_ = 0;
    PlateStats stats_;
};

// LinkConfig defaults for a plate: unit id and bus limits from its map.
modbus::LinkConfig link_config_for(const devicemap::ForcePlateMap& map, modbus::LinkConfig base);

} // namespace tg::forceplate
