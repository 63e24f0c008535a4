#include "controller/clinic_sync/clinic_sync.hpp"

#include "controller/clinic_sync/clinic_topics.hpp"

#include <iostream>

namespace tg::clinic_sync {

namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

// A batch the broker did not acknowledge in this time is sent again (the clinic server
// ignores a record it already has, so a late acknowledgement costs nothing).
constexpr auto ack_timeout = std::chrono::seconds(10);
constexpr auto idle_poll = std::chrono::milliseconds(50);

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

MqttOptions link_options(const ClinicSettings& s) {
    MqttOptions o;
    o.host = s.broker_host;
    o.port = s.broker_port;
    o.client_id = "treadguard-" + s.clinic + "-" + s.treadmill;
    o.username = s.username;
    if (!s.password_file.empty()) o.password = read_secret_file(s.password_file);
    o.ca_file = s.ca_file;
    o.cert_file = s.cert_file;
    o.key_file = s.key_file;
    o.keepalive_s = s.keepalive_s;
    o.will_topic = treadmill_topic(s.clinic, s.treadmill, status_leaf);
    o.will_payload = json{{"treadmill", s.treadmill}, {"online", false}}.dump();
    o.subscriptions = {treadmill_topic(s.clinic, s.treadmill, rejection_leaf)};
    return o;
}

} // namespace

store::Result<std::unique_ptr<ClinicSync>>
ClinicSync::start(const std::optional<ClinicSettings>& settings,
                  const std::filesystem::path& store_path) {
    auto outbox = Outbox::open(store_path);
    // Without a clinic, a store without the outbox (or any trouble with it) changes nothing.
    if (!settings) {
        if (outbox) (void)outbox->set_collecting(false);
        return std::unique_ptr<ClinicSync>{};
    }
    if (!outbox) return store::make_error(outbox.error().code, "clinic: " + outbox.error().message);
    if (auto status = outbox->set_collecting(true); !status)
        return store::make_error(status.error().code, "clinic: outbox: " + status.error().message);
    if (!settings->password_file.empty() && read_secret_file(settings->password_file).empty())
        return store::make_error(store::ErrorCode::invalid_argument,
                                 "clinic: password file " + settings->password_file +
                                     " is missing, unreadable or empty");
    std::string error;
    auto link = MqttLink::start(link_options(*settings), error);
    if (!link) return store::make_error(store::ErrorCode::invalid_argument, "clinic: " + error);
    return std::unique_ptr<ClinicSync>(
        new ClinicSync(*settings, std::move(outbox).value(), std::move(link)));
}

ClinicSync::ClinicSync(ClinicSettings settings, Outbox outbox, std::unique_ptr<MqttLink> link)
    : settings_(std::move(settings)), outbox_(std::move(outbox)), link_(std::move(link)),
      status_topic_(treadmill_topic(settings_.clinic, settings_.treadmill, status_leaf)),
      alarm_topic_(treadmill_topic(settings_.clinic, settings_.treadmill, alarm_leaf)),
      records_topic_(treadmill_topic(settings_.clinic, settings_.treadmill, records_leaf)),
      rejection_topic_(treadmill_topic(settings_.clinic, settings_.treadmill, rejection_leaf)),
      thread_([this] { run(); }) {}

ClinicSync::~ClinicSync() {
    {
        std::lock_guard lock(wake_mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void ClinicSync::offer_status(Clock::time_point now, const std::function<json()>& make_status) {
    const std::int64_t now_ns = now.time_since_epoch().count();
    if (now_ns < next_status_due_ns_.load(std::memory_order_relaxed)) return;
    std::unique_lock lock(status_mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return; // the sync thread is taking the last one: next tick
    next_status_due_ns_.store(now_ns + std::chrono::nanoseconds(std::chrono::seconds(1)).count() /
                                           settings_.status_hz,
                              std::memory_order_relaxed);
    status_slot_ = make_status();
    lock.unlock();
    wake_.notify_one();
}

SyncHealth ClinicSync::health() const {
    std::lock_guard lock(health_mutex_);
    SyncHealth h = health_;
    h.connected = link_->connected();
    if (h.last_problem.empty()) h.last_problem = link_->last_problem();
    return h;
}

void ClinicSync::note_problem(const std::string& problem) {
    std::lock_guard lock(health_mutex_);
    if (health_.last_problem != problem)
        std::cout << "treadguard-controller: clinic: " << problem << std::endl;
    health_.last_problem = problem;
}

void ClinicSync::run() {
    for (;;) {
        {
            std::unique_lock lock(wake_mutex_);
            wake_.wait_for(lock, idle_poll, [this] { return stopping_; });
            if (stopping_) return;
        }
        publish_status();
        settle_acks();
        read_rejections();
        send_outbox();
    }
}

void ClinicSync::publish_status() {
    std::optional<json> status;
    {
        std::lock_guard lock(status_mutex_);
        status.swap(status_slot_);
    }
    if (!status || !link_->connected()) return;
    const std::int64_t now = unix_ms();
    json message{{"treadmill", settings_.treadmill},
                 {"online", true},
                 {"at_unix_ms", now},
                 {"status", *status}};
    (void)link_->publish(status_topic_, message.dump(), 0, true);
    publish_new_alarms(*status, now);
}

// Alarms come from the status's active list: each code is published once when it appears,
// and again only after it has cleared.
void ClinicSync::publish_new_alarms(const json& status, std::int64_t now_unix_ms) {
    std::set<std::string> active;
    const auto alarms = status.find("alarms");
    if (alarms != status.end() && alarms->is_array())
        for (const json& alarm : *alarms) {
            if (!alarm.is_object() || !alarm.contains("code") || !alarm["code"].is_string())
                continue;
            const std::string code = alarm["code"].get<std::string>();
            active.insert(code);
            if (alarms_shown_.count(code) != 0) continue;
            json message = alarm;
            message["treadmill"] = settings_.treadmill;
            message["at_unix_ms"] = now_unix_ms;
            (void)link_->publish(alarm_topic_, message.dump(), 1, false);
        }
    alarms_shown_ = std::move(active);
}

void ClinicSync::settle_acks() {
    for (int mid : link_->take_acked()) {
        auto it = in_flight_.find(mid);
        if (it == in_flight_.end()) continue;
        // Every batch starts at the outbox's oldest record, so an acknowledged batch
        // covers everything up to its last record.
        if (auto status = outbox_.remove_through(it->second.last_seq); !status) {
            note_problem("outbox: " + status.error().message);
            continue; // stays in flight; sent again after the timeout, the server dedups
        }
        {
            std::lock_guard lock(health_mutex_);
            health_.records_sent += static_cast<std::uint64_t>(it->second.records);
        }
        in_flight_.erase(it);
        in_flight_.clear(); // older ids are covered by this one
    }
    for (auto [mid, reason] : link_->take_refused()) {
        if (in_flight_.erase(mid) == 0) continue;
        note_problem(reason == 0x10 ? "records not taken: the clinic server has no session "
                                      "on the broker yet"
                                    : "records refused by the broker (MQTT reason " +
                                          std::to_string(reason) + ")");
    }
    const auto now = Clock::now();
    const std::uint64_t connection = link_->connections();
    std::erase_if(in_flight_, [&](const auto& entry) {
        return entry.second.connection != connection || now - entry.second.sent_at > ack_timeout;
    });
    auto pending = outbox_.pending();
    std::lock_guard lock(health_mutex_);
    if (pending) health_.outbox_pending = pending.value();
}

void ClinicSync::read_rejections() {
    for (const ReceivedMessage& m : link_->take_messages()) {
        if (m.topic != rejection_topic_) continue;
        std::lock_guard lock(health_mutex_);
        ++health_.rejections;
        health_.last_rejection = m.payload.substr(0, 500);
        std::cout << "treadguard-controller: clinic server rejected a record: "
                  << health_.last_rejection << std::endl;
    }
}

// One batch at a time: the next leaves only when the broker has the previous, so records
// arrive in sequence order whatever fails in between.
void ClinicSync::send_outbox() {
    if (!in_flight_.empty() || !link_->connected()) return;
    auto batch = outbox_.next_batch(settings_.treadmill);
    if (!batch) {
        note_problem("outbox: " + batch.error().message);
        return;
    }
    if (!batch.value()) return;
    const OutboxBatch& b = *batch.value();
    auto mid = link_->publish(records_topic_, b.message, 1, false);
    if (!mid) return;
    in_flight_[*mid] = InFlight{b.last_seq, link_->connections(), Clock::now(), b.records};
}

} // namespace tg::clinic_sync
