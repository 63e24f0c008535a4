#pragma once
// The local API: a Unix socket with owner/group-only permissions, sessions, and the
// periodic status stream to subscribers. Survives running out of descriptors (backs off
// and keeps the listener) and caps its connections.
#include "controller/service/api_session.hpp"

#include <list>
#include <string>

namespace tg::service {

class ApiHandlers;

class ApiServer {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    ApiServer(boost::asio::io_context& io, const std::string& path, ApiHandlers& handlers);
    ~ApiServer();

    // Called by the control tick: sends due status messages and pending events.
    void publish(TimePoint now, const std::function<nlohmann::json()>& status,
                 const std::vector<nlohmann::json>& events);
    // While the belt is at rest, the interactive clients connected now become the session's
    // watchers; once it moves they are fixed: a client that says hello later, or a script's
    // heartbeats, cannot stand in for the HMI that watched the start.
    void refresh_watchers();
    bool has_watchers() const { return !watchers_.empty(); }
    // The newest heartbeat of any watcher (a closed watcher's heartbeat ages out).
    std::optional<TimePoint> watchers_heartbeat() const;
    std::size_t clients() const;
    std::uint64_t accept_errors() const { return accept_errors_; }
    const std::string& path() const { return path_; }

private:
    void accept();
    void retry_accept_later();

    std::string path_;
    ApiHandlers& handlers_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    boost::asio::steady_timer retry_timer_;
    std::list<std::weak_ptr<ApiSession>> sessions_;
    std::vector<std::weak_ptr<ApiSession>> watchers_;
    std::vector<nlohmann::json> server_events_;
    std::uint64_t next_id_ = 1;
    std::uint64_t accept_errors_ = 0;
    std::size_t bytes_freed_since_trim_ = 0;
    std::size_t queued_last_tick_ = 0;
};

// Prepares the socket's directory: created (0750) if missing, never re-moded if it exists.
// Throws std::runtime_error when the path cannot serve as a socket.
void prepare_socket_path(const std::string& path);

} // namespace tg::service
