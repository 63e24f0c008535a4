#include "hw/sim/rtu_wire.hpp"

#include <algorithm>

namespace tg::sim {

RtuWire::Clock::duration RtuWire::characters(std::size_t n) const {
    return std::chrono::duration_cast<Clock::duration>(
        modbus::frame_time(format_, static_cast<int>(n)));
}

RtuWire::Arrival RtuWire::receive(Clock::time_point now, std::size_t n, bool frame_open) {
    const auto begin = std::max(now, received_until_);
    const auto gap = begin - received_until_;
    received_until_ = begin + characters(n);
    if (begin < talk_end_ && received_until_ > talk_start_) return Arrival::Collision;
    if (frame_open && gap > modbus::t1_5(format_)) return Arrival::Gap;
    return Arrival::InFrame;
}

RtuWire::Clock::time_point RtuWire::frame_end() const {
    return received_until_ + std::chrono::duration_cast<Clock::duration>(modbus::t3_5(format_));
}

RtuWire::Clock::time_point RtuWire::talk(Clock::time_point earliest, std::size_t n) {
    talk_start_ = std::max(earliest, talk_end_);
    talk_end_ = talk_start_ + characters(n);
    return talk_start_;
}

RtuWire::Clock::time_point RtuWire::character_sent(Clock::time_point start, std::size_t i) const {
    return start + characters(i + 1);
}

} // namespace tg::sim
