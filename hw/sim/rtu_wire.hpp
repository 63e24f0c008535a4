#pragma once
// The device's end of a half-duplex RS-485 line at one baud rate, as a timing model. A
// pseudo-terminal hands over a master's bytes the moment they are written; a wire carries
// one character per character time (rtu_timing.hpp). RtuWire turns pty arrivals into
// wire times: when each character has crossed, when a frame has ended (t3.5 after its last
// character), whether a gap broke a frame (more than t1.5 between characters), and whether
// the master spoke while the device was talking (a collision).
#include "drivers/modbus/rtu_timing.hpp"

#include <chrono>
#include <cstddef>

namespace tg::sim {

class RtuWire {
public:
    using Clock = std::chrono::steady_clock;
    enum class Arrival : std::uint8_t {
        InFrame,   // the characters continue (or start) a frame
        Gap,       // more than t1.5 after the previous character of an unfinished frame
        Collision, // on the line while the device itself was talking
    };

    explicit RtuWire(modbus::SerialFormat format) : format_(format) {}
    const modbus::SerialFormat& format() const { return format_; }

    // n characters handed over at `now`; `frame_open`: an unfinished frame precedes them.
    Arrival receive(Clock::time_point now, std::size_t n, bool frame_open);
    // When the last character received so far has crossed the wire.
    Clock::time_point received_until() const { return received_until_; }
    // When the frame received so far has ended: t3.5 after its last character.
    Clock::time_point frame_end() const;

    // Reserves the line for a reply of n characters that starts no sooner than `earliest`
    // (nor before an earlier reply has ended); returns its start.
    Clock::time_point talk(Clock::time_point earliest, std::size_t n);
    // When character i (0-based) of a reply started at `start` has fully left.
    Clock::time_point character_sent(Clock::time_point start, std::size_t i) const;
    Clock::time_point talking_until() const { return talk_end_; }

private:
    Clock::duration characters(std::size_t n) const;

    modbus::SerialFormat format_;
    Clock::time_point received_until_{};
    Clock::time_point talk_start_{};
    Clock::time_point talk_end_{};
};

} // namespace tg::sim
