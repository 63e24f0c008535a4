#include "controller/service/systemd_notices.hpp"

namespace tg::service {

ServiceHealth health_from_status(const nlohmann::json& status) {
    ServiceHealth h;
    h.state = status.value("state", std::string("unknown"));
    if (auto links = status.find("links"); links != status.end() && links->is_object()) {
        auto ok = [&links](const char* name) {
            auto link = links->find(name);
            return link != links->end() && link->is_object() && link->value("ok", false);
        };
        h.drive_link_ok = ok("drive");
        h.plate_link_ok = ok("plate");
    }
    return h;
}

SystemdNotices::SystemdNotices(bool plate_enabled,
                               std::optional<std::chrono::microseconds> watchdog)
    : plate_enabled_(plate_enabled) {
    if (watchdog && watchdog->count() > 0)
        ping_period_ = std::chrono::duration_cast<Clock::duration>(*watchdog) / 3;
}

bool SystemdNotices::wants_health(Clock::time_point now) const {
    return !last_health_ || now - *last_health_ >= kHealthPeriod;
}

std::string SystemdNotices::status_text(const ServiceHealth& health) const {
    std::string text = health.state + "; drive link " + (health.drive_link_ok ? "up" : "down");
    if (plate_enabled_)
        text += std::string("; plate link ") + (health.plate_link_ok ? "up" : "down");
    else
        text += "; plate disabled";
    return text;
}

std::string SystemdNotices::on_tick(Clock::time_point now, std::uint64_t ticks,
                                    const std::optional<ServiceHealth>& health) {
    std::string message;
    auto add = [&message](const std::string& line) {
        if (!message.empty()) message += '\n';
        message += line;
    };
    if (health) {
        last_health_ = now;
        const bool links_up = health->drive_link_ok && (!plate_enabled_ || health->plate_link_ok);
        if (!ready_sent_ && links_up) {
            ready_sent_ = true;
            add("READY=1");
        }
        auto text = status_text(*health);
        if (text != last_status_) {
            last_status_ = text;
            add("STATUS=" + text);
        }
    }
    const bool advanced = !ticks_at_last_ping_ || ticks > *ticks_at_last_ping_;
    if (ping_period_ && advanced && (!last_ping_ || now - *last_ping_ >= *ping_period_)) {
        last_ping_ = now;
        ticks_at_last_ping_ = ticks;
        add("WATCHDOG=1");
    }
    return message;
}

} // namespace tg::service
