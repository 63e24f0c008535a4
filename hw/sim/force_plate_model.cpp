#include "hw/sim/force_plate_model.hpp"

#include "drivers/forceplate/fifo_block.hpp"
#include "drivers/forceplate/weight_block.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tg::sim {
namespace {

constexpr double kGravity = 9.80665;
constexpr std::uint16_t kLayoutVersion = 1;

using devicemap::FifoLayout;
using devicemap::PlateProtocol;

} // namespace

ForcePlateModel::ForcePlateModel(devicemap::ForcePlateMap map,
                                 const forceplate::PlateCalibration& geometry,
                                 std::unique_ptr<LoadSource> source, BeltSpeed belt,
                                 PlateClock clock, std::uint64_t seed, Clock::time_point now)
    : map_(std::move(map)), cells_(geometry), source_(std::move(source)), belt_(std::move(belt)),
      clock_(clock), start_(now), rate_hz_(map_.fifo.sample_rate_hz),
      noise_rng_(seed ^ 0x9E3779B97F4A7C15ull), noise_(0.0, map_.simulation.noise_n) {
    if (map_.protocol == PlateProtocol::WeightRegisters) rate_hz_ = 1000; // the signal's rate
}

bool ForcePlateModel::accepts_function(std::uint8_t function) const {
    if (function == 6) return map_.function_06;
    return function == 3 || function == 16;
}

void ForcePlateModel::set_static_load(double kg, double x_m, double y_m) {
    static_kg_ = kg;
    static_x_m_ = x_m;
    static_y_m_ = y_m;
}

void ForcePlateModel::make_sample() {
    const double t = static_cast<double>(made_) / rate_hz_;
    const DeckLoad load = source_->update(t, belt_ ? belt_() : 0.0);
    const auto& sim = map_.simulation;
    CellForces f;
    f.fill(sim.deck_mass_kg * kGravity / static_cast<double>(forceplate::kPlateCells));
    cells_.add(load, f);
    cells_.add(static_kg_ * kGravity, static_x_m_, static_y_m_, f);
    last_total_n_ = load.total_n();
    forceplate::RawSample s;
    s.sequence = static_cast<std::uint32_t>(made_);
    for (std::size_t i = 0; i < forceplate::kPlateCells; ++i) {
        const double counts =
            sim.offset_counts[i] + sim.counts_per_newton[i] * (f[i] + noise_(noise_rng_));
        s.counts[i] = static_cast<std::int32_t>(std::clamp(
            std::lround(counts), long{forceplate::kInt24Min}, long{forceplate::kInt24Max}));
    }
    latest_ = s.counts;
    settle(s.counts);
    ++made_;
    if (map_.protocol != PlateProtocol::SampleFifo) return;
    if (fifo_.size() >= static_cast<std::size_t>(map_.fifo.fifo_depth)) {
        fifo_.pop_front(); // the oldest sample is overwritten; the master sees the gap
        overflowed_ = true;
        ++overflow_samples_;
    }
    fifo_.push_back(s);
}

// A weighing indicator zeros and tares on its filtered weight, not on one noisy sample: a
// single sample would leave the noise of that instant (several N on a deck) in every reading.
void ForcePlateModel::settle(const forceplate::RawCounts& counts) {
    constexpr double kAlpha = 1.0 / 64; // about 64 ms at the 1 kHz signal rate
    for (std::size_t c = 0; c < forceplate::kPlateCells; ++c)
        settled_[c] = made_ == 0 ? counts[c] : settled_[c] + kAlpha * (counts[c] - settled_[c]);
}

forceplate::RawCounts ForcePlateModel::settled_counts() const {
    forceplate::RawCounts out{};
    for (std::size_t c = 0; c < forceplate::kPlateCells; ++c)
        out[c] = static_cast<std::int32_t>(std::lround(settled_[c]));
    return out;
}

void ForcePlateModel::run_until(double t_s) {
    while (static_cast<double>(made_) / rate_hz_ <= t_s)
        make_sample();
}

void ForcePlateModel::advance(Clock::time_point now) {
    if (clock_.fast_forward) return;
    const double wall_s = std::chrono::duration<double>(now - start_).count();
    run_until(wall_s * clock_.time_scale);
}

std::uint8_t ForcePlateModel::read_holding(std::uint16_t address, std::span<std::uint16_t> out,
                                           Clock::time_point now) {
    advance(now);
    if (map_.protocol == PlateProtocol::WeightRegisters) {
        if (clock_.fast_forward) make_sample();
        return read_weights(address, out);
    }
    const auto& q = map_.fifo;
    if (address == q.block_register) return read_fifo_block(out);
    if (address == q.mirror_register) {
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = i < mirror_.size() ? mirror_[i] : 0;
        return 0;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto v = fifo_register(static_cast<std::uint16_t>(address + i));
        if (!v) return exception_code::kIllegalDataAddress;
        out[i] = *v;
    }
    return 0;
}

std::optional<std::uint16_t> ForcePlateModel::fifo_register(std::uint16_t address) const {
    const auto& q = map_.fifo;
    if (address == q.identity_register) return q.identity_value;
    if (address == q.command_register) return 0;
    switch (address - q.identity_register) {
    case 1:
        return kLayoutVersion;
    case 2:
        return static_cast<std::uint16_t>(forceplate::kPlateCells);
    case 3:
        return static_cast<std::uint16_t>(std::lround(rate_hz_));
    case 4:
        return static_cast<std::uint16_t>(q.fifo_depth);
    case 5:
        return overflowed_ ? q.overflow.value : 0;
    case 6:
        return static_cast<std::uint16_t>(fifo_.size());
    default:
        return std::nullopt;
    }
}

std::uint8_t ForcePlateModel::read_fifo_block(std::span<std::uint16_t> out) {
    if (out.size() < FifoLayout::kHeaderRegisters ||
        (out.size() - FifoLayout::kHeaderRegisters) % FifoLayout::kSampleRegisters != 0)
        return exception_code::kIllegalDataValue;
    const std::size_t room =
        (out.size() - FifoLayout::kHeaderRegisters) / FifoLayout::kSampleRegisters;
    if (clock_.fast_forward)
        while (fifo_.size() < room)
            make_sample();
    std::fill(out.begin(), out.end(), 0);
    forceplate::FifoBlockHeader h;
    h.status = overflowed_ ? map_.fifo.overflow.value : 0;
    h.available = static_cast<std::uint16_t>(fifo_.size());
    h.count = static_cast<std::uint16_t>(std::min(room, fifo_.size()));
    h.first_sequence = h.count > 0 ? fifo_.front().sequence : static_cast<std::uint32_t>(made_);
    forceplate::encode_fifo_header(h, out);
    for (std::size_t i = 0; i < h.count; ++i) {
        forceplate::encode_fifo_sample(
            fifo_.front().counts,
            out.subspan(FifoLayout::kHeaderRegisters + i * FifoLayout::kSampleRegisters,
                        FifoLayout::kSampleRegisters));
        fifo_.pop_front();
    }
    overflowed_ = false;
    mirror_.assign(out.begin(), out.end());
    ++blocks_read_;
    return 0;
}

std::uint8_t ForcePlateModel::read_weights(std::uint16_t address, std::span<std::uint16_t> out) {
    const auto& w = map_.weights;
    std::vector<std::uint16_t> block(static_cast<std::size_t>(w.block_registers()), 0);
    for (std::size_t c = 0; c < forceplate::kPlateCells; ++c) {
        const std::int32_t gross = latest_[c] - zero_[c];
        forceplate::encode_weight_cell(w, c, gross, gross - tare_[c], block);
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int a = address + static_cast<int>(i);
        const int rel = a - w.first_register;
        if (a == w.command_register) {
            out[i] = 0;
        } else if (rel >= 0 && rel < w.block_registers()) {
            out[i] = block[static_cast<std::size_t>(rel)];
        } else {
            return exception_code::kIllegalDataAddress;
        }
    }
    return 0;
}

std::uint8_t ForcePlateModel::write(std::uint16_t address, std::span<const std::uint16_t> values,
                                    Clock::time_point now) {
    advance(now);
    if (values.size() != 1) return exception_code::kIllegalDataAddress;
    if (map_.protocol == PlateProtocol::WeightRegisters) {
        const auto& w = map_.weights;
        if (address != w.command_register) return exception_code::kIllegalDataAddress;
        const std::uint16_t command = values[0];
        if (command != w.no_command && command != w.zero_command && command != w.tare_command)
            return exception_code::kIllegalDataValue;
        // As the manual says: a command repeats only after "no command" was written.
        const bool repeat = command == last_command_ && command != w.no_command;
        last_command_ = command;
        if (repeat) {
            ++ignored_commands_;
            return 0;
        }
        const forceplate::RawCounts settled = settled_counts();
        if (command == w.zero_command) zero_ = settled;
        if (command == w.tare_command)
            for (std::size_t c = 0; c < forceplate::kPlateCells; ++c)
                tare_[c] = settled[c] - zero_[c];
        return 0;
    }
    const auto& q = map_.fifo;
    if (address != q.command_register) return exception_code::kIllegalDataAddress;
    if (values[0] != q.clear_command) return exception_code::kIllegalDataValue;
    fifo_.clear();
    overflowed_ = false;
    return 0;
}

std::string ForcePlateModel::status_line() const {
    char line[160];
    std::snprintf(line, sizeof line, "plate %s t %.1fs load %6.0f N fifo %zu", map_.id.c_str(),
                  plate_time_s(), last_total_n_ + static_kg_ * kGravity, fifo_.size());
    return line;
}

nlohmann::json ForcePlateModel::status_json() const {
    return {{"kind", "force-plate"},
            {"map", map_.id},
            {"plate_time_s", plate_time_s()},
            {"samples", made_},
            {"fifo", fifo_.size()},
            {"overflow_samples", overflow_samples_},
            {"blocks_read", blocks_read_},
            {"time_scale", clock_.time_scale},
            {"fast_forward", clock_.fast_forward},
            {"static_load_kg", static_kg_},
            {"ignored_commands", ignored_commands_},
            {"load_n", last_total_n_},
            {"runner", source_->status_json()}};
}

} // namespace tg::sim
