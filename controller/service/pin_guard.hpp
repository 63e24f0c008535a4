#pragma once
// Throttles clinician PIN guesses. Pure: time is an argument. One guard for the whole
// daemon, not per connection, since a guesser can always reconnect.
//
// The first two wrong PINs cost nothing (typos happen); after that each wrong PIN doubles
// the wait before the next try (1 s, 2 s, ... up to 60 s), and ten wrong in a row lock PIN
// checks out for 15 minutes. A right PIN clears the count. With a 4-digit PIN this turns
// the ~7,400 guesses of an unthrottled attack into weeks, and every failure is audited.
#include <chrono>
#include <string>

namespace tg::service {

class PinGuard {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    static constexpr int kFreeFailures = 2;
    static constexpr int kLockoutFailures = 10;
    static constexpr std::chrono::seconds kMaxWait{60};
    static constexpr std::chrono::minutes kLockout{15};

    // Empty when a PIN may be checked now; else why not, with the time to wait.
    [[nodiscard]] std::string refusal(TimePoint now) const;
    void failed(TimePoint now);
    void succeeded() { failures_ = 0; }
    int consecutive_failures() const { return failures_; }

private:
    int failures_ = 0;
    TimePoint next_try_{};
};

} // namespace tg::service
