#pragma once
// Cuts Modbus RTU request frames out of a byte stream. RTU has no length field: the
// length follows from the function code, and a silence (t3.5) ends a frame. A serial
// server must also skip garbage and frames with a bad CRC without answering them.
#include <cstdint>
#include <optional>
#include <vector>

namespace tg::sim {

struct RtuFrame {
    std::uint8_t unit = 0;
    std::vector<std::uint8_t> pdu;
};

class RtuFramer {
public:
    void feed(const std::uint8_t* data, std::size_t n) {
        buffer_.insert(buffer_.end(), data, data + n);
    }
    // The next complete frame, if any. Frames with a bad CRC are dropped and counted.
    std::optional<RtuFrame> next();
    // The line went quiet: whatever is left is an incomplete frame and is discarded.
    void silence();
    std::uint64_t bad_frames() const { return bad_frames_; }
    bool empty() const { return buffer_.empty(); }

private:
    std::optional<std::size_t> expected_length() const;

    std::vector<std::uint8_t> buffer_;
    std::uint64_t bad_frames_ = 0;
};

} // namespace tg::sim
