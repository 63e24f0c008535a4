#include "drivers/forceplate/force_plate.hpp"

#include "drivers/forceplate/fifo_block.hpp"
#include "drivers/forceplate/plate_forces.hpp"
#include "drivers/forceplate/weight_block.hpp"

#include <algorithm>

namespace tg::forceplate {
namespace {

modbus::LinkError refused(modbus::LinkErrorKind kind, std::string text) {
    modbus::LinkError e;
    e.kind = kind;
    e.text = std::move(text);
    return e;
}

std::chrono::steady_clock::duration seconds(double s) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(s));
}

} // namespace

modbus::LinkConfig link_config_for(const devicemap::ForcePlateMap& map, modbus::LinkConfig base) {
    base.unit_id = map.default_unit;
    base.allow_function_06 = map.function_06;
    base.max_read_registers = map.max_read_registers;
    base.reply_delay = map.reply_delay; // into the derived response timeout
    return base;
}

ForcePlate::ForcePlate(devicemap::ForcePlateMap map, PlateCalibration calibration,
                       modbus::LinkConfig link)
    : map_(std::move(map)), calibration_(std::move(calibration)), link_(std::move(link)),
      rate_hz_(map_.fifo.sample_rate_hz) {}

modbus::LinkStatus ForcePlate::connect(Clock::time_point now) {
    if (!link_.connected()) {
        if (auto c = link_.connect(); !c.ok()) return c;
    }
    connected_at_ = now;
    recover_registers_ = 0;
    sequence_.resynchronise();
    if (map_.protocol != devicemap::PlateProtocol::SampleFifo) return modbus::Done{};
    const auto& q = map_.fifo;
    std::uint16_t identity = 0, rate = 0;
    if (auto r = link_.read_holding(q.identity_register, std::span(&identity, 1)); !r.ok())
        return r;
    if (identity != q.identity_value)
        return refused(modbus::LinkErrorKind::BadReply,
                       "force plate identity register reads " + std::to_string(identity) +
                           ", the map " + map_.id + " expects " + std::to_string(q.identity_value));
    if (auto r = link_.read_holding(q.rate_register, std::span(&rate, 1)); !r.ok()) return r;
    if (rate == 0)
        return refused(modbus::LinkErrorKind::BadReply, "force plate reports a sample rate of 0");
    rate_hz_ = rate;
    return link_.write_register(q.command_register, q.clear_command);
}

modbus::LinkResult<ReadCycle> ForcePlate::read(std::span<ForceSample> out, Clock::time_point now) {
    ++stats_.reads;
    raw_count_ = 0;
    if (out.empty()) return refused(modbus::LinkErrorKind::InvalidArgument, "no room for samples");
    return map_.protocol == devicemap::PlateProtocol::SampleFifo ? read_fifo(out, now)
                                                                 : read_weights(out, now);
}

modbus::LinkResult<ReadCycle> ForcePlate::read_fifo(std::span<ForceSample> out,
                                                    Clock::time_point now) {
    const auto& q = map_.fifo;
    if (recover_registers_ > 0) {
        const auto length = static_cast<std::size_t>(recover_registers_);
        recover_registers_ = 0;
        auto regs = std::span(registers_.data(), length);
        if (auto r = link_.read_holding(q.mirror_register, regs); !r.ok()) return r.error();
        const FifoBlockHeader h = decode_fifo_header(regs);
        // Only the block that went missing is taken; an older mirror was already seen.
        if (h.count > 0 && sequence_.started() && h.first_sequence == sequence_.device_next())
            return take_block(regs, out, now, true);
        return ReadCycle{};
    }
    const std::size_t n = std::min(
        {out.size(), kMaxBlockSamples,
         static_cast<std::size_t>(std::max(0, q.samples_per_read(map_.max_read_registers)))});
    const std::size_t length =
        devicemap::FifoLayout::kHeaderRegisters + n * devicemap::FifoLayout::kSampleRegisters;
    auto regs = std::span(registers_.data(), length);
    if (auto r = link_.read_holding(q.block_register, regs); !r.ok()) {
        // The request may have reached the device and popped samples.
        if (r.error().kind == modbus::LinkErrorKind::Timeout)
            recover_registers_ = static_cast<int>(length);
        return r.error();
    }
    return take_block(regs, out, now, false);
}

modbus::LinkResult<ReadCycle> ForcePlate::take_block(std::span<const std::uint16_t> regs,
                                                     std::span<ForceSample> out,
                                                     Clock::time_point now, bool from_mirror) {
    FifoBlockHeader h;
    if (auto bad = decode_fifo_block(regs, h, std::span(raw_.data(), raw_.size())))
        return refused(modbus::LinkErrorKind::BadReply, "force plate: " + *bad);
    const std::size_t count = std::min<std::size_t>(h.count, out.size());
    ReadCycle cycle;
    cycle.samples = count;
    cycle.waiting = h.available > h.count ? h.available - h.count : 0;
    cycle.overflow = map_.fifo.overflow.matches(h.status);
    cycle.cell_fault = map_.fifo.adc_fault.matches(h.status);
    cycle.recovered = from_mirror;
    stats_.overflows += cycle.overflow ? 1 : 0;
    stats_.cell_faults += cycle.cell_fault ? 1 : 0;
    stats_.recovered_blocks += from_mirror ? 1 : 0;
    // An empty block still tells where the stream stands: its sequence is the number
    // the next sample will get.
    const auto accepted = sequence_.accept(h.first_sequence, static_cast<std::uint32_t>(count));
    cycle.dropped = accepted.dropped;
    stats_.dropped = sequence_.dropped();
    stats_.gaps = sequence_.gaps();
    stats_.restarts = sequence_.restarts();
    // The newest sample in the device was taken about now; older ones one period apart.
    const std::uint64_t newest = accepted.first + std::max<std::uint64_t>(h.available, count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t seq = accepted.first + i;
        convert(raw_[i], seq, static_cast<double>(seq) / rate_hz_,
                now - seconds(static_cast<double>(newest - 1 - seq) / rate_hz_), out[i]);
    }
    raw_count_ = count;
    stats_.samples += count;
    return cycle;
}

modbus::LinkResult<ReadCycle> ForcePlate::read_weights(std::span<ForceSample> out,
                                                       Clock::time_point now) {
    const auto& w = map_.weights;
    auto regs = std::span(registers_.data(), static_cast<std::size_t>(w.block_registers()));
    if (auto r = link_.read_holding(w.first_register, regs); !r.ok()) return r.error();
    const WeightBlock block = decode_weight_block(w, regs);
    weights_ = block;
    raw_[0] = RawSample{static_cast<std::uint32_t>(weight_reads_), block.counts};
    raw_count_ = 1;
    convert(raw_[0], weight_reads_, std::chrono::duration<double>(now - connected_at_).count(), now,
            out[0]);
    ++weight_reads_;
    ++stats_.samples;
    ReadCycle cycle;
    cycle.samples = 1;
    cycle.cell_fault = block.any_cell_error;
    stats_.cell_faults += block.any_cell_error ? 1 : 0;
    return cycle;
}

void ForcePlate::convert(const RawSample& raw, std::uint64_t sequence, double time_s,
                         Clock::time_point taken_at, ForceSample& out) const {
    const PlateForces f = plate_forces(calibration_, raw.counts);
    out.sequence = sequence;
    out.time_s = time_s;
    out.taken_at = taken_at;
    out.cell_n = f.cell_n;
    out.total_n = f.total_n;
    out.cop_ml_m = f.cop_ml_m.value_or(NAN);
    out.cop_ap_m = f.cop_ap_m.value_or(NAN);
}

modbus::LinkStatus ForcePlate::device_zero() {
    if (map_.protocol != devicemap::PlateProtocol::WeightRegisters)
        return refused(modbus::LinkErrorKind::NotPermitted,
                       map_.id + " has no zero command: tare in software (tare())");
    const auto& w = map_.weights;
    if (auto clear = link_.write_register(w.command_register, w.no_command); !clear.ok())
        return clear;
    return link_.write_register(w.command_register, w.zero_command);
}

} // namespace tg::forceplate
