#pragma once
// The local API: a Unix socket with owner/group-only permissions, sessions, and the
// periodic status stream to subscribers.
#include "controller/service/api_session.hpp"

#include <list>
#include <string>

namespace tg::service {

class ApiHandlers;

class ApiServer {
public:
    ApiServer(boost::asio::io_context& io, const std::string& path, ApiHandlers& handlers);
    ~ApiServer();

    // Called by the control tick: sends due status messages and pending events.
    void publish(std::chrono::steady_clock::time_point now,
                 const std::function<nlohmann::json()>& status,
                 const std::vector<nlohmann::json>& events);
    bool any_interactive() const;
    std::size_t clients() const;
    const std::string& path() const { return path_; }

private:
    void accept();

    std::string path_;
    ApiHandlers& handlers_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::list<std::weak_ptr<ApiSession>> sessions_;
};

} // namespace tg::service
