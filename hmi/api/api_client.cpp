#include "hmi/api/api_client.hpp"

#include "hmi/api/json_fields.hpp"

#include <algorithm>

namespace tg::hmi {

ApiClient::ApiClient(LineTransport& transport, ApiClientSettings settings)
    : transport_(transport), settings_(std::move(settings)), backoff_s_(settings_.reconnect_min_s) {
}

void ApiClient::request(nlohmann::json command, ReplyHandler on_reply) {
    if (link_ != LinkState::connected) {
        // Commands are not queued across a reconnect: a STOP or a speed change must not
        // fire seconds later. The handler hears at once that it did not go out.
        if (on_reply) on_reply({false, {}, "disconnected", "the controller is not connected"});
        return;
    }
    send(std::move(command), std::move(on_reply), now_s_);
}

void ApiClient::send(nlohmann::json command, ReplyHandler on_reply, double now_s) {
    // The request id is always ours (API.md names session ids `session_id`).
    const std::int64_t id = next_id_++;
    command["v"] = 1;
    command["id"] = id;
    transport_.send_line(command.dump());
    if (on_reply) pending_[id] = {std::move(on_reply), now_s + settings_.request_timeout_s};
}

void ApiClient::try_connect(double now_s) {
    std::string error;
    if (!transport_.open(error)) {
        last_error_ = error;
        next_attempt_s_ = now_s + backoff_s_;
        backoff_s_ = std::min(backoff_s_ * 2.0, settings_.reconnect_max_s);
        return;
    }
    link_ = LinkState::connected;
    backoff_s_ = settings_.reconnect_min_s;
    last_status_s_ = now_s; // give the controller stale-time to send its first status
    send(
        {{"cmd", "hello"}, {"client", settings_.client_name}, {"interactive", true}},
        [this](const ApiReply& r) {
            if (r.ok) controller_version_ = json_text(r.body, "controller_version");
        },
        now_s);
    send({{"cmd", "subscribe"}, {"rate_hz", settings_.status_rate_hz}}, {}, now_s);
    last_heartbeat_s_ = now_s;
}

void ApiClient::drop(const std::string& why, double now_s) {
    transport_.close();
    link_ = LinkState::disconnected;
    last_error_ = why;
    status_.reset();
    next_attempt_s_ = now_s + backoff_s_;
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& [id, p] : pending)
        p.handler({false, {}, "disconnected", why});
}

void ApiClient::update(double now_s) {
    now_s_ = now_s;
    if (link_ == LinkState::disconnected) {
        if (now_s < next_attempt_s_) return;
        try_connect(now_s);
        if (link_ == LinkState::disconnected) return;
    }
    if (now_s - last_heartbeat_s_ >= settings_.heartbeat_period_s) {
        send({{"cmd", "heartbeat"}}, {}, now_s);
        // Keep the 500 ms rhythm whatever the frame rate; restart it after a stall.
        last_heartbeat_s_ += settings_.heartbeat_period_s;
        if (now_s - last_heartbeat_s_ >= settings_.heartbeat_period_s) last_heartbeat_s_ = now_s;
    }
    std::vector<std::string> lines;
    std::string error;
    const bool alive = transport_.pump(lines, error);
    for (const std::string& line : lines)
        handle_line(line, now_s);
    if (!alive) {
        drop(error, now_s);
        return;
    }
    expire_requests(now_s);
}

void ApiClient::handle_line(const std::string& line, double now_s) {
    nlohmann::json message = nlohmann::json::parse(line, nullptr, false);
    if (message.is_discarded() || !message.is_object()) {
        last_error_ = "the controller sent a line that is not a JSON object";
        return;
    }
    const std::string event = json_text(message, "event");
    if (event == "status") {
        // A status that does not match the contract is reported and dropped: the last
        // good one goes stale and the screen says the controller is not answering.
        std::string error;
        auto status = parse_status(json_object(message, "status"), &error);
        if (!status) {
            last_error_ = error;
            ++bad_messages_;
            return;
        }
        status_ = std::move(status);
        last_status_s_ = now_s;
        ++status_count_;
    } else if (!event.empty()) {
        events_.push_back(std::move(message));
    } else {
        handle_reply(message);
    }
}

void ApiClient::handle_reply(const nlohmann::json& message) {
    const auto id = json_integer(message, "id");
    if (!id) return;
    const auto it = pending_.find(*id);
    if (it == pending_.end()) return;
    ReplyHandler handler = std::move(it->second.handler);
    pending_.erase(it);
    ApiReply reply;
    reply.ok = json_bool(message, "ok").value_or(false);
    reply.body = message;
    const nlohmann::json& error = json_object(message, "error");
    reply.error_code = json_text(error, "code");
    reply.error_message = json_text(error, "message");
    handler(reply);
}

void ApiClient::expire_requests(double now_s) {
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (it->second.deadline_s > now_s) {
            ++it;
            continue;
        }
        ReplyHandler handler = std::move(it->second.handler);
        it = pending_.erase(it);
        handler({false, {}, "timeout", "the controller did not answer in time"});
    }
}

bool ApiClient::controller_available(double now_s) const {
    return link_ == LinkState::connected && status_.has_value() &&
           now_s - last_status_s_ <= settings_.status_stale_s;
}

double ApiClient::seconds_to_retry(double now_s) const {
    return link_ == LinkState::connected ? 0.0 : std::max(0.0, next_attempt_s_ - now_s);
}

std::vector<nlohmann::json> ApiClient::take_events() {
    std::vector<nlohmann::json> out;
    out.swap(events_);
    return out;
}

std::string reply_error_text(const ApiReply& reply) {
    if (!reply.error_message.empty()) return reply.error_message;
    if (!reply.error_code.empty()) return reply.error_code;
    return "the controller refused";
}

} // namespace tg::hmi
