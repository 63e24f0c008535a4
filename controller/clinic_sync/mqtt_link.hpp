#pragma once
// One MQTT connection over libmosquitto (MQTT 5), used by the treadmill's clinic sync and
// by the clinic server. libmosquitto's own thread connects, reconnects with backoff and
// keeps the socket; this class turns its callbacks into state the owner polls from its
// own thread (acknowledged message ids, received messages, connected or not), so nothing
// of the owner ever runs on the network thread.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct mosquitto;
struct mosquitto_message;
struct mqtt5__property;

namespace tg::clinic_sync {

struct MqttOptions {
    std::string host;
    int port = 1883;
    std::string client_id;
    bool clean_session = true; // false: the broker keeps our subscriptions and queues
    // MQTT 5 gives PUBACK reason codes (the treadmill's outbox needs them). A kept session
    // under MQTT 5 would need a session expiry property that libmosquitto's asynchronous
    // connect cannot send, so a client that keeps its session speaks MQTT 3.1.1.
    bool mqtt5 = true;
    std::string username;
    std::string password; // held in memory only, never printed
    std::string ca_file, cert_file, key_file;
    int keepalive_s = 10;
    std::string will_topic, will_payload; // empty: no last will
    bool will_retain = true;
    std::vector<std::string> subscriptions; // QoS 1, renewed on every connect
};

struct ReceivedMessage {
    std::string topic;
    std::string payload;
    bool retained = false;
};

class MqttLink {
public:
    // Sets up and starts connecting in the background; fails only on bad options
    // (e.g. an unreadable TLS file). `error` says why.
    static std::unique_ptr<MqttLink> start(const MqttOptions& options, std::string& error);
    ~MqttLink();
    MqttLink(const MqttLink&) = delete;
    MqttLink& operator=(const MqttLink&) = delete;

    bool connected() const;
    // Counts connections made, so an owner sees that it reconnected in between.
    std::uint64_t connections() const;
    // The message id, or nullopt when the client refused it (not connected, too large).
    std::optional<int> publish(const std::string& topic, const std::string& payload, int qos,
                               bool retain);
    // Message ids the broker acknowledged with success since the last call. A PUBACK with
    // an error reason (not authorized, no subscriber took it) is not an acknowledgement.
    std::vector<int> take_acked();
    // Message ids the broker refused, with its reason code, since the last call.
    std::vector<std::pair<int, int>> take_refused();
    std::vector<ReceivedMessage> take_messages();
    // The broker's last connection refusal or drop, for the owner's health report.
    std::string last_problem() const;

private:
    explicit MqttLink(const MqttOptions& options) : options_(options) {}
    static void on_connect(mosquitto*, void*, int, int, const mqtt5__property*);
    static void on_disconnect(mosquitto*, void*, int, const mqtt5__property*);
    static void on_publish(mosquitto*, void*, int, int, const mqtt5__property*);
    static void on_message(mosquitto*, void*, const mosquitto_message*, const mqtt5__property*);

    MqttOptions options_;
    mosquitto* client_ = nullptr;
    mutable std::mutex mutex_;
    bool connected_ = false;
    std::uint64_t connections_ = 0;
    std::vector<int> acked_;
    std::vector<std::pair<int, int>> refused_;
    std::vector<ReceivedMessage> messages_;
    std::string last_problem_;
};

// The first line of a password file; empty when the file cannot be read.
std::string read_secret_file(const std::string& path);

} // namespace tg::clinic_sync
