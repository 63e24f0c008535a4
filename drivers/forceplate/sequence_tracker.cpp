#include "drivers/forceplate/sequence_tracker.hpp"

namespace tg::forceplate {

SequenceTracker::Accepted SequenceTracker::accept(std::uint32_t first, std::uint32_t count) {
    Accepted a;
    const std::uint32_t ahead = first - device_next_; // modulo 2^32
    const bool forward = ahead < 0x80000000u;
    if (!started_ && received_ == 0) {
        a.first = first;
    } else if (!forward) {
        a.restarted = true;
        ++restarts_;
        a.first = next_; // continue the unwrapped numbering past the restart
    } else {
        a.first = next_ + ahead;
        // After a deliberate resynchronisation the skipped samples are not "lost".
        if (started_) a.dropped = ahead;
    }
    started_ = true;
    if (a.dropped > 0) {
        ++gaps_;
        dropped_ += a.dropped;
    }
    received_ += count;
    next_ = a.first + count;
    device_next_ = first + count;
    return a;
}

} // namespace tg::forceplate
