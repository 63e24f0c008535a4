#pragma once
// Turns one request PDU (function code + data) into the response PDU a device gives,
// exceptions included. Framing (MBAP for TCP, address + CRC for RTU) is the servers' job.
#include "hw/sim/sim_device.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace tg::sim {

// Appends the response PDU to `response`. Returns false when the request is too
// malformed to answer at all (a real device stays silent then).
bool handle_pdu(SimDevice& device, std::span<const std::uint8_t> request,
                std::vector<std::uint8_t>& response, Clock::time_point now);

void exception_pdu(std::uint8_t function, std::uint8_t code, std::vector<std::uint8_t>& response);

} // namespace tg::sim
