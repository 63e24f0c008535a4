#pragma once
// The HMI's side of the controller API (controller/service/API.md): connects and
// reconnects, says hello as an interactive client, subscribes to status, sends a
// heartbeat every 500 ms, matches replies to requests by id and times them out.
// No clock and no thread inside: update(now_s) is called once per frame.
#include "hmi/api/controller_status.hpp"
#include "hmi/api/line_transport.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tg::hmi {

struct ApiReply {
    bool ok = false;
    nlohmann::json body;    // the whole reply object
    std::string error_code; // API error code, or "timeout" / "disconnected" from the client
    std::string error_message;
};
using ReplyHandler = std::function<void(const ApiReply&)>;

struct ApiClientSettings {
    std::string client_name = "hmi";
    double heartbeat_period_s = 0.5;
    double status_rate_hz = 20.0;
    double request_timeout_s = 5.0;
    double reconnect_min_s = 0.5;
    double reconnect_max_s = 2.0;
    double status_stale_s = 1.5; // no status for this long: the controller is not answering
};

enum class LinkState { disconnected, connected };

class ApiClient {
public:
    ApiClient(LineTransport& transport, ApiClientSettings settings = {});

    // Connects when due, exchanges lines, sends heartbeats, expires requests.
    void update(double now_s);
    // Sends a command (v and id are added); the handler runs from a later update().
    void request(nlohmann::json command, ReplyHandler on_reply = {});

    LinkState link_state() const { return link_; }
    // Connected and a status arrived within status_stale_s.
    bool controller_available(double now_s) const;
    const std::optional<ControllerStatus>& status() const { return status_; }
    // Seconds until the next connection attempt while disconnected.
    double seconds_to_retry(double now_s) const;
    const std::string& last_error() const { return last_error_; }
    std::string controller_version() const { return controller_version_; }
    // Step and alarm events received since the last call.
    std::vector<nlohmann::json> take_events();
    std::uint64_t status_count() const { return status_count_; }
    // Messages that did not match the API contract (last_error() says why).
    std::uint64_t bad_messages() const { return bad_messages_; }

private:
    struct Pending {
        ReplyHandler handler;
        double deadline_s = 0.0;
    };
    void try_connect(double now_s);
    void drop(const std::string& why, double now_s);
    void handle_line(const std::string& line, double now_s);
    void handle_reply(const nlohmann::json& message);
    void send(nlohmann::json command, ReplyHandler on_reply, double now_s);
    void expire_requests(double now_s);

    LineTransport& transport_;
    ApiClientSettings settings_;
    LinkState link_ = LinkState::disconnected;
    double next_attempt_s_ = 0.0;
    double backoff_s_;
    double last_heartbeat_s_ = -1e9;
    double last_status_s_ = -1e9;
    double now_s_ = 0.0;
    std::int64_t next_id_ = 1'000'000'000; // clear of record ids sent as "id"
    std::map<std::int64_t, Pending> pending_;
    std::optional<ControllerStatus> status_;
    std::vector<nlohmann::json> events_;
    std::string last_error_;
    std::string controller_version_;
    std::uint64_t status_count_ = 0;
    std::uint64_t bad_messages_ = 0;
};

// A short text for a failed reply: the controller's message, else its code.
std::string reply_error_text(const ApiReply& reply);

} // namespace tg::hmi
