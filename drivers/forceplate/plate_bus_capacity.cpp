#include "drivers/forceplate/plate_bus_capacity.hpp"

#include "drivers/modbus/link_timeouts.hpp"
#include "drivers/modbus/rtu_timing.hpp"

#include <array>
#include <cstdio>

namespace tg::forceplate {
namespace {

constexpr std::array<int, 9> kStandardBauds{9600,   19200,  38400,  57600,  115200,
                                            230400, 460800, 921600, 1000000};

double samples_per_second(const modbus::SerialFormat& f, int block_registers, int samples_per_block,
                          modbus::WireNanos reply_delay) {
    return samples_per_block * modbus::wire_limit_per_second(
                                   f, modbus::rtu_bytes::kReadRequest,
                                   modbus::rtu_bytes::read_reply(block_registers), reply_delay);
}

} // namespace

std::optional<PlateBusCapacity> plate_bus_capacity(const devicemap::ForcePlateMap& map,
                                                   const modbus::LinkConfig& link) {
    if (link.transport != modbus::Transport::Rtu) return std::nullopt;
    if (map.protocol != devicemap::PlateProtocol::SampleFifo) return std::nullopt;
    PlateBusCapacity c;
    c.samples_per_block = map.fifo.samples_per_read(link.max_read_registers);
    c.block_registers = devicemap::FifoLayout::kHeaderRegisters +
                        c.samples_per_block * devicemap::FifoLayout::kSampleRegisters;
    const auto format = modbus::serial_format(link);
    const modbus::WireNanos delay = link.reply_delay;
    c.block_ms = static_cast<double>(modbus::transaction_cycle(
                                         format, modbus::rtu_bytes::kReadRequest,
                                         modbus::rtu_bytes::read_reply(c.block_registers), delay)
                                         .count()) /
                 1e6;
    c.samples_per_s = samples_per_second(format, c.block_registers, c.samples_per_block, delay);
    c.required_per_s = map.fifo.sample_rate_hz;
    for (int baud : kStandardBauds) {
        auto f = format;
        f.baud = baud;
        if (samples_per_second(f, c.block_registers, c.samples_per_block, delay) >=
            c.required_per_s) {
            c.lowest_standard_baud = baud;
            break;
        }
    }
    return c;
}

std::string PlateBusCapacity::describe(const modbus::LinkConfig& link) const {
    char text[512];
    std::snprintf(text, sizeof text,
                  "%s: a %d-register FIFO block (%d samples) takes %.2f ms on the wire "
                  "(request, t3.5, reply delay, reply, t3.5), so the bus carries at most %.0f "
                  "samples/s; the plate samples at %.0f/s",
                  link.describe().c_str(), block_registers, samples_per_block, block_ms,
                  samples_per_s, required_per_s);
    std::string line = text;
    if (!carries()) {
        line += lowest_standard_baud > 0
                    ? "; use at least " + std::to_string(lowest_standard_baud) + " baud"
                    : "; no common baud rate carries it";
    }
    return line;
}

} // namespace tg::forceplate
