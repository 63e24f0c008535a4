#include "controller/service/systemd_notify.hpp"

#include "controller/service/journal_priority.hpp"

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <systemd/sd-daemon.h>

namespace tg::service {

SystemdNotify::SystemdNotify() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    active_ = socket != nullptr && *socket != '\0';
    std::uint64_t usec = 0;
    if (active_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        watchdog_ = std::chrono::microseconds(usec);
}

void SystemdNotify::send(const std::string& message) {
    if (!active_ || message.empty()) return;
    const int r = sd_notify(0, message.c_str());
    if (r < 0 && !error_told_) {
        error_told_ = true;
        std::cerr << journal_prefix(2, LOG_WARNING)
                  << "treadguard-controller: sd_notify: " << std::strerror(-r) << std::endl;
    }
}

} // namespace tg::service
