#pragma once
// The treadmill's side of the clinic fleet: one thread in the controller process that
// publishes the live status (retained, 2-5 Hz) and each new alarm, and sends the records
// outbox in order, one QoS 1 batch at a time, deleting a batch only after the broker's
// PUBACK. The control tick only calls offer_status(), which never blocks: it copies the
// status at most status_hz times a second into a slot the sync thread takes.
// With no [clinic] configured, start() switches the outbox off and returns null.
#include "controller/clinic_sync/clinic_settings.hpp"
#include "controller/clinic_sync/mqtt_link.hpp"
#include "controller/clinic_sync/outbox.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace tg::clinic_sync {

struct SyncHealth {
    bool connected = false;
    std::int64_t outbox_pending = 0;
    std::uint64_t records_sent = 0; // acknowledged by the broker
    std::uint64_t rejections = 0;   // refusals the clinic server sent back
    std::string last_rejection;
    std::string last_problem;
};

class ClinicSync {
public:
    // settings empty: no clinic; collection is switched off, nothing starts (returns null).
    // Otherwise the outbox is switched on before this returns (records from now on are
    // kept for the clinic) and the thread starts; the broker may be down.
    static store::Result<std::unique_ptr<ClinicSync>>
    start(const std::optional<ClinicSettings>& settings, const std::filesystem::path& store_path);
    ~ClinicSync();
    ClinicSync(const ClinicSync&) = delete;
    ClinicSync& operator=(const ClinicSync&) = delete;

    // From the control tick: cheap when not due; never waits for the sync thread.
    void offer_status(std::chrono::steady_clock::time_point now,
                      const std::function<nlohmann::json()>& make_status);
    SyncHealth health() const;

private:
    ClinicSync(ClinicSettings settings, Outbox outbox, std::unique_ptr<MqttLink> link);
    void run();
    void publish_status();
    void publish_new_alarms(const nlohmann::json& status, std::int64_t now_unix_ms);
    void send_outbox();
    void settle_acks();
    void read_rejections();
    void note_problem(const std::string& problem);

    const ClinicSettings settings_;
    Outbox outbox_; // sync thread only
    std::unique_ptr<MqttLink> link_;
    const std::string status_topic_, alarm_topic_, records_topic_, rejection_topic_;

    // Control tick -> sync thread.
    std::atomic<std::int64_t> next_status_due_ns_{0};
    std::mutex status_mutex_;
    std::optional<nlohmann::json> status_slot_;

    // Sync thread only.
    struct InFlight {
        std::int64_t last_seq = 0;
        std::uint64_t connection = 0;
        std::chrono::steady_clock::time_point sent_at;
        int records = 0;
    };
    std::map<int, InFlight> in_flight_; // by message id
    std::set<std::string> alarms_shown_;

    mutable std::mutex health_mutex_;
    SyncHealth health_;

    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace tg::clinic_sync
