#include "controller/clinic_sync/mqtt_link.hpp"

#include <fstream>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <utility>

namespace tg::clinic_sync {

namespace {

std::once_flag library_initialised;

} // namespace

std::string read_secret_file(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
    return line;
}

std::unique_ptr<MqttLink> MqttLink::start(const MqttOptions& options, std::string& error) {
    std::call_once(library_initialised, [] { mosquitto_lib_init(); });
    std::unique_ptr<MqttLink> link(new MqttLink(options));
    link->client_ = mosquitto_new(options.client_id.c_str(), options.clean_session, link.get());
    if (link->client_ == nullptr) {
        error = "cannot create an MQTT client";
        return nullptr;
    }
    mosquitto* c = link->client_;
    mosquitto_int_option(c, MOSQ_OPT_PROTOCOL_VERSION,
                         options.mqtt5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
    mosquitto_connect_v5_callback_set(c, &MqttLink::on_connect);
    mosquitto_disconnect_v5_callback_set(c, &MqttLink::on_disconnect);
    mosquitto_publish_v5_callback_set(c, &MqttLink::on_publish);
    mosquitto_message_v5_callback_set(c, &MqttLink::on_message);
    mosquitto_reconnect_delay_set(c, 1, 5, true);
    if (!options.username.empty() &&
        mosquitto_username_pw_set(c, options.username.c_str(),
                                  options.password.empty() ? nullptr : options.password.c_str()) !=
            MOSQ_ERR_SUCCESS) {
        error = "MQTT username refused";
        return nullptr;
    }
    if (!options.ca_file.empty()) {
        const int rc = mosquitto_tls_set(
            c, options.ca_file.c_str(), nullptr,
            options.cert_file.empty() ? nullptr : options.cert_file.c_str(),
            options.key_file.empty() ? nullptr : options.key_file.c_str(), nullptr);
        if (rc != MOSQ_ERR_SUCCESS) {
            error = std::string("TLS files refused: ") + mosquitto_strerror(rc);
            return nullptr;
        }
    }
    if (!options.will_topic.empty())
        mosquitto_will_set(c, options.will_topic.c_str(),
                           static_cast<int>(options.will_payload.size()),
                           options.will_payload.data(), 1, options.will_retain);
    // The thread retries a connection that fails now (broker not up yet) by itself.
    mosquitto_connect_async(c, options.host.c_str(), options.port, options.keepalive_s);
    if (const int rc = mosquitto_loop_start(c); rc != MOSQ_ERR_SUCCESS) {
        error = std::string("MQTT thread: ") + mosquitto_strerror(rc);
        return nullptr;
    }
    return link;
}

MqttLink::~MqttLink() {
    if (client_ == nullptr) return;
    mosquitto_disconnect(client_);
    mosquitto_loop_stop(client_, true);
    mosquitto_destroy(client_);
}

bool MqttLink::connected() const {
    std::lock_guard lock(mutex_);
    return connected_;
}

std::uint64_t MqttLink::connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
}

std::optional<int> MqttLink::publish(const std::string& topic, const std::string& payload, int qos,
                                     bool retain) {
    int mid = 0;
    const int rc = mosquitto_publish(client_, &mid, topic.c_str(), static_cast<int>(payload.size()),
                                     payload.data(), qos, retain);
    if (rc != MOSQ_ERR_SUCCESS) return std::nullopt;
    return mid;
}

std::vector<int> MqttLink::take_acked() {
    std::lock_guard lock(mutex_);
    return std::exchange(acked_, {});
}

std::vector<std::pair<int, int>> MqttLink::take_refused() {
    std::lock_guard lock(mutex_);
    return std::exchange(refused_, {});
}

std::vector<ReceivedMessage> MqttLink::take_messages() {
    std::lock_guard lock(mutex_);
    return std::exchange(messages_, {});
}

std::string MqttLink::last_problem() const {
    std::lock_guard lock(mutex_);
    return last_problem_;
}

void MqttLink::on_connect(mosquitto* c, void* self_ptr, int rc, int, const mqtt5__property*) {
    auto* self = static_cast<MqttLink*>(self_ptr);
    if (rc != 0) {
        std::lock_guard lock(self->mutex_);
        self->last_problem_ =
            std::string("broker refused the connection: ") + mosquitto_reason_string(rc);
        return;
    }
    for (const auto& topic : self->options_.subscriptions)
        mosquitto_subscribe(c, nullptr, topic.c_str(), 1);
    std::lock_guard lock(self->mutex_);
    self->connected_ = true;
    ++self->connections_;
}

void MqttLink::on_disconnect(mosquitto*, void* self_ptr, int rc, const mqtt5__property*) {
    auto* self = static_cast<MqttLink*>(self_ptr);
    std::lock_guard lock(self->mutex_);
    self->connected_ = false;
    if (rc != 0) self->last_problem_ = "connection to the broker lost";
}

void MqttLink::on_publish(mosquitto*, void* self_ptr, int mid, int reason, const mqtt5__property*) {
    auto* self = static_cast<MqttLink*>(self_ptr);
    std::lock_guard lock(self->mutex_);
    // 0x10 "no matching subscribers": nobody (not even the clinic server's kept session)
    // took the message, so it is not delivered and must stay in the outbox.
    if (reason == 0)
        self->acked_.push_back(mid);
    else
        self->refused_.emplace_back(mid, reason);
}

void MqttLink::on_message(mosquitto*, void* self_ptr, const mosquitto_message* m,
                          const mqtt5__property*) {
    auto* self = static_cast<MqttLink*>(self_ptr);
    ReceivedMessage received{
        m->topic ? m->topic : "",
        std::string(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen)),
        m->retain};
    std::lock_guard lock(self->mutex_);
    self->messages_.push_back(std::move(received));
}

} // namespace tg::clinic_sync
