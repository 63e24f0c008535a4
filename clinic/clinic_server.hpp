#pragma once
// treadguard-clinic's loop: takes what the broker delivers (a kept MQTT session, so
// messages wait at the broker while the server is down), checks it, writes it to
// PostgreSQL, tells a treadmill each record that was quarantined. While PostgreSQL is
// unreachable, messages wait in memory in arrival order and the connection is retried.
#include "clinic/clinic_server_config.hpp"
#include "controller/clinic_sync/mqtt_link.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <pqxx/connection>
#include <string>

namespace tg::clinic {

struct ServerCounters {
    std::uint64_t messages = 0, stored = 0, duplicates = 0, quarantined = 0;
};

class ClinicServer {
public:
    // Throws std::runtime_error on bad settings (unreadable secret files, TLS files).
    explicit ClinicServer(const ClinicServerConfig& config);
    // Runs until `stop` becomes true.
    void run(const std::atomic<bool>& stop);

private:
    bool ensure_database();
    void handle(const clinic_sync::ReceivedMessage& message);
    void drain();

    ClinicServerConfig config_;
    std::string conninfo_; // holds the database password: never printed
    std::unique_ptr<clinic_sync::MqttLink> link_;
    std::unique_ptr<pqxx::connection> db_;
    std::chrono::steady_clock::time_point next_db_attempt_{};
    std::deque<clinic_sync::ReceivedMessage> waiting_;
    ServerCounters counters_;
    std::string last_db_problem_;
};

} // namespace tg::clinic
