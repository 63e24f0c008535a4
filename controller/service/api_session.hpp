#pragma once
// One client connection on the API socket: newline-delimited JSON in, replies and
// events out. A slow or hostile client can cost itself its connection, never the daemon
// its tick: lines are capped, and the outgoing queue is bounded.
#include "controller/service/asio.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace tg::service {

class ApiSession : public std::enable_shared_from_this<ApiSession> {
public:
    static constexpr std::size_t kMaxLine = 64 * 1024;
    static constexpr std::size_t kMaxQueued = 512; // messages; past this the client is dropped

    using LineHandler = std::function<void(const std::shared_ptr<ApiSession>&, std::string)>;

    ApiSession(boost::asio::local::stream_protocol::socket socket, LineHandler on_line);
    void start();
    void send(const nlohmann::json& message);
    void close();
    bool open() const { return open_; }

    // Per-connection state the handlers keep.
    bool interactive = false;
    std::string client;
    double subscribe_hz = 0;
    std::chrono::steady_clock::time_point next_status{};

private:
    void read();
    void write_next();

    boost::asio::local::stream_protocol::socket socket_;
    boost::asio::streambuf buffer_;
    LineHandler on_line_;
    std::deque<std::string> outbox_;
    bool writing_ = false;
    bool close_after_flush_ = false;
    bool open_ = true;
};

} // namespace tg::service
