#pragma once
// Continuity of a numbered sample stream: the device's 32-bit counter is unwrapped to
// 64 bits, and a block that does not start where the previous one ended is a gap whose
// size is the number of samples lost (FIFO overflow, a lost reply). A jump backwards, or
// forwards by more than half the counter range, is a restart of the device: the stream
// resynchronises there without counting it as lost samples. Pure.
#include <cstdint>

namespace tg::forceplate {

class SequenceTracker {
public:
    struct Accepted {
        std::uint64_t first = 0;   // unwrapped number of the block's first sample
        std::uint64_t dropped = 0; // samples missing before this block
        bool restarted = false;
    };

    Accepted accept(std::uint32_t first, std::uint32_t count);
    // Forget the position (after a deliberate FIFO clear); the next block starts anew.
    void resynchronise() { started_ = false; }

    std::uint64_t dropped() const { return dropped_; }
    std::uint64_t gaps() const { return gaps_; }
    std::uint64_t restarts() const { return restarts_; }
    std::uint64_t received() const { return received_; }
    bool started() const { return started_; }
    std::uint64_t next() const { return next_; }
    // The device's own number of the sample expected next.
    std::uint32_t device_next() const { return device_next_; }

private:
    bool started_ = false;
    std::uint64_t next_ = 0; // unwrapped number expected next
    std::uint32_t device_next_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t gaps_ = 0;
    std::uint64_t restarts_ = 0;
    std::uint64_t received_ = 0;
};

} // namespace tg::forceplate
