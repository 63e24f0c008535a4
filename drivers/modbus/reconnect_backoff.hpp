#pragma once
// When to try connecting again: exponential backoff between a floor and a ceiling,
// reset by a successful connect. Pure (time is an argument) so it is tested by hand.
#include <algorithm>
#include <chrono>

namespace tg::modbus {

class ReconnectBackoff {
public:
    using Clock = std::chrono::steady_clock;

    ReconnectBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max)
        : min_(min), max_(std::max(min, max)), delay_(min) {}

    bool may_attempt(Clock::time_point now) const { return now >= next_attempt_; }
    void on_failure(Clock::time_point now) {
        next_attempt_ = now + delay_;
        delay_ = std::min(delay_ * 2, max_);
    }
    void on_success() {
        delay_ = min_;
        next_attempt_ = {};
    }
    // A connection that was lost (not refused) is retried after the floor delay.
    void on_lost(Clock::time_point now) {
        delay_ = min_;
        next_attempt_ = now + min_;
    }
    // The connection was closed on purpose (to resynchronise): reconnect at once.
    void allow_now() { next_attempt_ = {}; }
    std::chrono::milliseconds current_delay() const { return delay_; }
    Clock::time_point next_attempt() const { return next_attempt_; }

private:
    std::chrono::milliseconds min_, max_, delay_;
    Clock::time_point next_attempt_{};
};

} // namespace tg::modbus
