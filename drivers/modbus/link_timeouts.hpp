#pragma once
// The response and inter-character timeouts a link uses: the configured ones, or, when the
// config leaves them unset, derived from the wire arithmetic (rtu_timing.hpp): the longest
// transaction the device's map allows, its reply delay, and a margin for the host.
#include "drivers/modbus/link_config.hpp"
#include "drivers/modbus/rtu_timing.hpp"

#include <chrono>

namespace tg::modbus {

// What the host adds on top of the wire: scheduling on a busy machine, and USB adapters,
// which hand over what they received in bursts up to their latency timer (FTDI: 16 ms by
// default). The response margin is the fixed timeout used before it was derived. The
// byte margin is wider than the old fixed 20 ms: a master (or a simulated device) that
// loses the CPU for 20 ms mid-reply on a loaded 2-core machine turned a good reply into a
// timeout; a broken reply is still given up within the response timeout's order.
inline constexpr std::chrono::milliseconds kResponseMargin{100};
inline constexpr std::chrono::milliseconds kByteMargin{50};
// TCP has no wire to derive from: its timeouts stay the fixed ones.
inline constexpr std::chrono::milliseconds kTcpByteTimeout{20};

struct LinkTimeouts {
    std::chrono::milliseconds response{0};
    std::chrono::milliseconds byte{0};
};

SerialFormat serial_format(const LinkConfig& config);
// The longest round trip the map allows: a read of max_read_registers or a write of
// max_write_registers, whichever takes longer on the wire.
WireNanos longest_round_trip(const LinkConfig& config);
LinkTimeouts derived_timeouts(const LinkConfig& config);
// Configured values win; unset ones are derived (TCP: kResponseMargin, kTcpByteTimeout).
LinkTimeouts effective_timeouts(const LinkConfig& config);

} // namespace tg::modbus
