#include "drivers/modbus/link_timeouts.hpp"

#include <algorithm>

namespace tg::modbus {
namespace {

std::chrono::milliseconds ceil_ms(WireNanos t) {
    return std::chrono::ceil<std::chrono::milliseconds>(t);
}

} // namespace

SerialFormat serial_format(const LinkConfig& config) {
    return SerialFormat{config.baud, config.data_bits, config.parity, config.stop_bits};
}

WireNanos longest_round_trip(const LinkConfig& config) {
    const SerialFormat f = serial_format(config);
    const WireNanos delay = config.reply_delay;
    const WireNanos read = round_trip_time(f, rtu_bytes::kReadRequest,
                                           rtu_bytes::read_reply(config.max_read_registers), delay);
    const WireNanos write =
        round_trip_time(f, rtu_bytes::write_multiple_request(config.max_write_registers),
                        rtu_bytes::kWriteMultipleReply, delay);
    return std::max(read, write);
}

LinkTimeouts derived_timeouts(const LinkConfig& config) {
    if (config.transport == Transport::Tcp) return {kResponseMargin, kTcpByteTimeout};
    const SerialFormat f = serial_format(config);
    return {ceil_ms(longest_round_trip(config) + kResponseMargin), ceil_ms(t1_5(f) + kByteMargin)};
}

LinkTimeouts effective_timeouts(const LinkConfig& config) {
    const LinkTimeouts derived = derived_timeouts(config);
    return {config.response_timeout.value_or(derived.response),
            config.byte_timeout.value_or(derived.byte)};
}

} // namespace tg::modbus
