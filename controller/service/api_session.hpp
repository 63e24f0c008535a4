#pragma once
// One client connection on the API socket: newline-delimited JSON in, replies and
// events out. A slow or hostile client can cost itself its connection, never the daemon
// its tick or its memory: lines are capped, queued output is capped in bytes, requests
// are rate limited (stop and emergency stop never are).
#include "controller/service/api_limits.hpp"
#include "controller/service/asio.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <sys/types.h>

namespace tg::service {

// Who is at the other end of the socket, from the kernel (SO_PEERCRED), not from what the
// client says about itself.
struct PeerCredentials {
    pid_t pid = -1;
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
};

class ApiSession : public std::enable_shared_from_this<ApiSession> {
public:
    using LineHandler = std::function<void(const std::shared_ptr<ApiSession>&, std::string)>;
    using Clock = std::chrono::steady_clock;

    ApiSession(boost::asio::local::stream_protocol::socket socket, LineHandler on_line,
               std::uint64_t id);
    ~ApiSession();
    ApiSession(const ApiSession&) = delete;
    ApiSession& operator=(const ApiSession&) = delete;
    void start();
    // A reply: counted against the per-client byte budget; over it, the client is dropped.
    void send(const nlohmann::json& message);
    // A status or step event: dropped (not queued) when the client is behind, so a
    // subscriber that does not read costs at most kMaxQueuedEventBytes.
    void send_event(const std::string& line);
    void close();
    bool open() const { return open_; }
    std::size_t queued_bytes() const { return queued_bytes_; }
    // Replies waiting in every session's queue (all sessions live on one thread).
    static std::size_t total_queued_bytes() { return total_queued_; }
    std::uint64_t id() const { return id_; }
    const PeerCredentials& peer() const { return peer_; }
    // "hmi uid=1000": the client's own name and the kernel's word on who it is.
    std::string describe() const;
    // Token bucket for ordinary requests; false means "too fast, answer busy".
    bool take_request_token(Clock::time_point now);

    // Per-connection state the handlers keep.
    bool interactive = false;
    std::string client = "unknown";
    double subscribe_hz = 0;
    Clock::time_point next_status{};
    std::optional<Clock::time_point> last_heartbeat; // interactive clients only
    Clock::time_point last_request = Clock::now();   // for evicting idle connections

private:
    void read();
    void enqueue(std::string line);
    void release(std::size_t bytes);
    static inline std::size_t total_queued_ = 0;
    void write_next();

    boost::asio::local::stream_protocol::socket socket_;
    boost::asio::streambuf buffer_;
    LineHandler on_line_;
    std::uint64_t id_;
    PeerCredentials peer_;
    std::deque<std::string> outbox_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool open_ = true;
    double tokens_ = kRequestBurst;
    std::optional<Clock::time_point> tokens_at_;
};

} // namespace tg::service
