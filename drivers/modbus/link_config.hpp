#pragma once
// How to reach one Modbus device: transport, addressing, timeouts, and what the
// device's map allows. Parsed from "tcp:HOST:PORT" / "rtu:DEVICE[:BAUD[:8N1]]".
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tg::modbus {

enum class Transport : std::uint8_t { Tcp, Rtu };

struct LinkConfig {
    Transport transport = Transport::Tcp;
    // TCP
    std::string host = "127.0.0.1";
    std::uint16_t port = 502;
    // RTU
    std::string device;
    int baud = 19200;
    char parity = 'E';
    int data_bits = 8;
    int stop_bits = 1;
    bool rs485 = false; // opt-in: TIOCSRS485 fails on ptys and many USB adapters

    int unit_id = 1;
    // Unset: derived from the baud rate and the largest frames (link_timeouts.hpp).
    std::optional<std::chrono::milliseconds> response_timeout;
    std::optional<std::chrono::milliseconds> byte_timeout;
    std::chrono::milliseconds backoff_min{50};
    std::chrono::milliseconds backoff_max{2000};

    // From the device map: Yaskawa MEMOBUS has no function 06 and reads at most 16.
    bool allow_function_06 = true;
    int max_read_registers = 125;
    int max_write_registers = 123;
    // Quiet time the device needs between the end of one reply and the next request
    // (Yaskawa MEMOBUS: 5 ms); the link waits for it before each request.
    std::chrono::milliseconds min_request_gap{0};
    // Time the device takes between the end of a request and the start of its reply.
    std::chrono::microseconds reply_delay{0};

    std::string describe() const;
};

struct LinkSpecError {
    std::string reason;
};

// "tcp:127.0.0.1:1502", "tcp:[::1]:502", "rtu:/dev/ttyUSB0", "rtu:/dev/ttyUSB0:115200:8N1".
// Fields not in the spec keep their values from `base`.
std::optional<LinkSpecError> parse_link_spec(std::string_view spec, LinkConfig& base);

} // namespace tg::modbus
