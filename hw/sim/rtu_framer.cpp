#include "hw/sim/rtu_framer.hpp"

#include "hw/sim/crc16.hpp"

namespace tg::sim {

std::optional<std::size_t> RtuFramer::expected_length() const {
    if (buffer_.size() < 2) return std::nullopt;
    switch (buffer_[1]) {
    case 3:
    case 4:
    case 6:
        return 8; // unit, function, 2 address, 2 count/value, 2 CRC
    case 16:
        if (buffer_.size() < 7) return std::nullopt;
        return 9u + buffer_[6]; // + byte count + data
    default:
        return std::nullopt; // unknown function: only a silence ends it
    }
}

std::optional<RtuFrame> RtuFramer::next() {
    while (true) {
        auto length = expected_length();
        if (!length || buffer_.size() < *length) return std::nullopt;
        const std::size_t n = *length;
        const std::uint16_t crc = modbus_crc16(std::span(buffer_.data(), n - 2));
        const bool crc_ok = buffer_[n - 2] == (crc & 0xFF) && buffer_[n - 1] == (crc >> 8);
        if (!crc_ok) {
            // Out of step or corrupted: resynchronise on the next silence.
            ++bad_frames_;
            buffer_.clear();
            return std::nullopt;
        }
        RtuFrame frame{buffer_[0],
                       std::vector<std::uint8_t>(buffer_.begin() + 1,
                                                 buffer_.begin() + static_cast<long>(n) - 2)};
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<long>(n));
        return frame;
    }
}

void RtuFramer::silence() {
    if (!buffer_.empty()) ++bad_frames_;
    buffer_.clear();
}

} // namespace tg::sim
