#pragma once
// The only value the motor driver accepts as a belt speed setpoint.
//
// Deliberately free of dependencies so a driver can include it without pulling
// in the supervisor. Only `SpeedLimiter` can create one: its constructor is
// private and the limiter is the sole friend, so any code path that writes the
// speed register has provably been through the limiter (caps, ramps, start speed).

namespace tg::safety {

class SpeedLimiter;

class LimitedSpeed {
public:
    // Copying is allowed (the value travels from the supervisor to the driver
    // thread), but the copy constructor is user-provided on purpose: that makes
    // the type non-trivially-copyable, so std::bit_cast cannot forge one from a double.
    LimitedSpeed(const LimitedSpeed& other) noexcept : kmh_(other.kmh_) {}
    LimitedSpeed& operator=(const LimitedSpeed& other) noexcept {
        kmh_ = other.kmh_;
        return *this;
    }
    ~LimitedSpeed() = default;

    // Belt speed setpoint in km/h, always >= 0.
    [[nodiscard]] double kmh() const noexcept { return kmh_; }
    [[nodiscard]] bool is_standstill() const noexcept { return kmh_ <= 0.0; }

private:
    friend class SpeedLimiter;
    explicit LimitedSpeed(double kmh) noexcept : kmh_(kmh) {}

    double kmh_;
};

} // namespace tg::safety
