#pragma once
// The arithmetic of a Modbus RTU serial line, the one definition the simulator's wire and
// the link's timeouts share. Modbus over Serial Line V1.02, 2.5.1.1: a character is a start
// bit, the data bits, a parity bit if any, and the stop bits; a frame ends after a silence
// of 3.5 character times (t3.5) and its characters may be at most 1.5 character times
// apart (t1.5). Above 19200 baud both are fixed: t3.5 = 1750 us, t1.5 = 750 us.
#include <chrono>
#include <cstdint>

namespace tg::modbus {

using WireNanos = std::chrono::nanoseconds;

struct SerialFormat {
    int baud = 19200;
    int data_bits = 8;
    char parity = 'E'; // 'N', 'E' or 'O'
    int stop_bits = 1;
};

constexpr int bits_per_character(const SerialFormat& f) {
    return 1 + f.data_bits + (f.parity == 'N' ? 0 : 1) + f.stop_bits;
}

// The time `bytes` characters occupy the line, back to back.
constexpr WireNanos frame_time(const SerialFormat& f, int bytes) {
    return WireNanos(1'000'000'000LL * bits_per_character(f) * bytes / f.baud);
}

constexpr WireNanos character_time(const SerialFormat& f) {
    return frame_time(f, 1);
}

// The inter-frame silence: a device takes a frame as ended only after it.
constexpr WireNanos t3_5(const SerialFormat& f) {
    if (f.baud > 19200) return std::chrono::microseconds(1750);
    return WireNanos(7 * 1'000'000'000LL * bits_per_character(f) / (2LL * f.baud));
}

// The longest gap allowed between two characters of one frame.
constexpr WireNanos t1_5(const SerialFormat& f) {
    if (f.baud > 19200) return std::chrono::microseconds(750);
    return WireNanos(3 * 1'000'000'000LL * bits_per_character(f) / (2LL * f.baud));
}

// Frame sizes on the wire, unit id and CRC included.
namespace rtu_bytes {
inline constexpr int kReadRequest = 8;        // unit, 03/04, address, count, CRC
inline constexpr int kWriteSingle = 8;        // 06 request, and its echo
inline constexpr int kWriteMultipleReply = 8; // unit, 10, address, count, CRC
inline constexpr int kException = 5;          // unit, function | 0x80, code, CRC
constexpr int read_reply(int registers) {
    return 5 + 2 * registers; // unit, function, byte count, data, CRC
}
constexpr int write_multiple_request(int registers) {
    return 9 + 2 * registers; // unit, 10, address, count, byte count, data, CRC
}
} // namespace rtu_bytes

// One request and its reply as the master sees them: the request goes out, the device
// waits t3.5 to know it has ended, takes its own reply delay, and the reply comes back.
constexpr WireNanos round_trip_time(const SerialFormat& f, int request_bytes, int reply_bytes,
                                    WireNanos reply_delay) {
    return frame_time(f, request_bytes) + t3_5(f) + reply_delay + frame_time(f, reply_bytes);
}

// Back-to-back transactions: a round trip, then t3.5 of silence before the next request.
constexpr WireNanos transaction_cycle(const SerialFormat& f, int request_bytes, int reply_bytes,
                                      WireNanos reply_delay) {
    return round_trip_time(f, request_bytes, reply_bytes, reply_delay) + t3_5(f);
}

// The most transactions per second the line can carry (the wire limit).
constexpr double wire_limit_per_second(const SerialFormat& f, int request_bytes, int reply_bytes,
                                       WireNanos reply_delay) {
    return 1e9 / static_cast<double>(
                     transaction_cycle(f, request_bytes, reply_bytes, reply_delay).count());
}

} // namespace tg::modbus
