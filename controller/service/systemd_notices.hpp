#pragma once
// What the controller tells systemd, decided from the control tick (sd_notify(3) messages;
// systemd_notify.hpp sends them). Pure: no sockets, no clock of its own, unit-testable.
//   READY=1     once, when the drive link (and the plate's, if enabled) answer and the API
//               listens;
//   STATUS=...  the supervisor state and the links, whenever that text changes;
//   WATCHDOG=1  every third of the watchdog interval, and only from a tick that advanced:
//               a stalled tick sends nothing, so systemd kills and restarts the controller.
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tg::service {

struct ServiceHealth {
    std::string state; // the supervisor's (Idle, Running, ...)
    bool drive_link_ok = false;
    bool plate_link_ok = false;
};

// The health in a status object (API.md: state, links.drive.ok, links.plate.ok).
ServiceHealth health_from_status(const nlohmann::json& status);

class SystemdNotices {
public:
    using Clock = std::chrono::steady_clock;

    // `watchdog`: systemd's interval (WATCHDOG_USEC), none when the watchdog is off.
    SystemdNotices(bool plate_enabled, std::optional<std::chrono::microseconds> watchdog);

    // How often the tick should look at the health (it is built from the status object).
    static constexpr std::chrono::milliseconds kHealthPeriod{200};
    bool wants_health(Clock::time_point now) const;

    // One tick: `ticks` is the control loop's tick count, `health` the current health when
    // wants_health() said so. Returns the message to send (lines joined by '\n'), or "".
    std::string on_tick(Clock::time_point now, std::uint64_t ticks,
                        const std::optional<ServiceHealth>& health);

    bool ready_sent() const { return ready_sent_; }
    // The STATUS= text for a health.
    std::string status_text(const ServiceHealth& health) const;

private:
    bool plate_enabled_;
    std::optional<Clock::duration> ping_period_;
    std::optional<Clock::time_point> last_ping_;
    std::optional<std::uint64_t> ticks_at_last_ping_;
    std::optional<Clock::time_point> last_health_;
    std::string last_status_;
    bool ready_sent_ = false;
};

} // namespace tg::service
