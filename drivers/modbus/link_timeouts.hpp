#pragma once
// The response and inter-character timeouts a link uses: the configured ones, or, when the
// config leaves them unset, derived from the wire arithmetic (rtu_timing.hpp): the longest
// transaction the device's map allows, its reply delay, and a margin for the host.
#include "drivers/modbus/link_config.hpp"
#include "drivers/modbus/rtu_timing.hpp"

#include <chrono>

namespace tg::modbus {

// What the host adds on top of the wire: scheduling, USB adapters' latency timers. The
// margins equal the fixed timeouts used before they were derived, so a derived timeout is
// never shorter than those were.
inline constexpr std::chrono::milliseconds kResponseMargin{100};
inline constexpr std::chrono::milliseconds kByteMargin{20};

struct LinkTimeouts {
    std::chrono::milliseconds response{0};
    std::chrono::milliseconds byte{0};
};

SerialFormat serial_format(const LinkConfig& config);
// The longest round trip the map allows: a read of max_read_registers or a write of
// max_write_registers, whichever takes longer on the wire.
WireNanos longest_round_trip(const LinkConfig& config);
LinkTimeouts derived_timeouts(const LinkConfig& config);
// Configured values win; unset ones are derived (TCP: the margins alone).
LinkTimeouts effective_timeouts(const LinkConfig& config);

} // namespace tg::modbus
