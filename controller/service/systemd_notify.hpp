#pragma once
// The controller's line to systemd (sd_notify through libsystemd). Without NOTIFY_SOCKET
// (not started by systemd, or not Type=notify) every call does nothing.
#include "controller/service/systemd_notices.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace tg::service {

class SystemdNotify {
public:
    SystemdNotify();
    bool active() const { return active_; }
    // systemd's watchdog interval for this process, when it set one.
    std::optional<std::chrono::microseconds> watchdog() const { return watchdog_; }
    // Sends one message (lines joined by '\n'); an error is reported once on stderr.
    void send(const std::string& message);

private:
    bool active_ = false;
    bool error_told_ = false;
    std::optional<std::chrono::microseconds> watchdog_;
};

} // namespace tg::service
