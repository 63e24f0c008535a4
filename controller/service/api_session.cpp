#include "controller/service/api_session.hpp"

#include <algorithm>
#include <istream>
#include <sys/socket.h>

namespace tg::service {

namespace asio = boost::asio;

namespace {

PeerCredentials peer_of(asio::local::stream_protocol::socket& socket) {
    PeerCredentials p;
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
        p.pid = cred.pid;
        p.uid = cred.uid;
        p.gid = cred.gid;
    }
    return p;
}

std::string dump(const nlohmann::json& message) {
    // Replace invalid UTF-8 rather than throw: what we send must never take us down.
    return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace

ApiSession::ApiSession(asio::local::stream_protocol::socket socket, LineHandler on_line,
                       std::uint64_t id)
    : socket_(std::move(socket)), buffer_(kMaxLine), on_line_(std::move(on_line)), id_(id),
      peer_(peer_of(socket_)) {}

void ApiSession::start() {
    read();
}

std::string ApiSession::describe() const {
    return client + " uid=" + std::to_string(peer_.uid) + " pid=" + std::to_string(peer_.pid);
}

bool ApiSession::take_request_token(Clock::time_point now) {
    if (tokens_at_) {
        const double dt = std::chrono::duration<double>(now - *tokens_at_).count();
        tokens_ = std::min(kRequestBurst, tokens_ + dt * kRequestRatePerS);
    }
    tokens_at_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
}

void ApiSession::read() {
    auto self = shared_from_this();
    asio::async_read_until(socket_, buffer_, '\n',
                           [this, self](boost::system::error_code ec, std::size_t) {
                               if (ec == asio::error::not_found) { // the line outgrew kMaxLine
                                   send({{"v", 1},
                                         {"ok", false},
                                         {"error",
                                          {{"code", "oversized"},
                                           {"message", "a request line is limited to 64 KiB"}}}});
                                   close();
                                   return;
                               }
                               if (ec) {
                                   close();
                                   return;
                               }
                               std::istream in(&buffer_);
                               std::string line;
                               std::getline(in, line);
                               if (!line.empty() && line.back() == '\r') line.pop_back();
                               if (!line.empty()) on_line_(self, std::move(line));
                               if (open_) read();
                           });
}

void ApiSession::send(const nlohmann::json& message) {
    if (!open_) return;
    auto line = dump(message);
    if (queued_bytes_ + line.size() > kMaxQueuedBytes) { // the client does not read: let it go
        close();
        return;
    }
    // Large replies (exports) nobody reads must not add up across clients: past the
    // daemon-wide budget the reply is refused, and the client may ask again later.
    if (line.size() > 64 * 1024 && total_queued_ + line.size() > kMaxTotalQueuedBytes) {
        nlohmann::json busy = {{"v", 1},
                               {"ok", false},
                               {"error",
                                {{"code", "busy"},
                                 {"message", "other clients have not yet read their large "
                                             "replies; try again shortly"}}}};
        if (message.contains("id")) busy["id"] = message["id"];
        line = dump(busy);
    }
    enqueue(std::move(line));
}

void ApiSession::send_event(const std::string& line) {
    if (!open_ || queued_bytes_ + line.size() > kMaxQueuedEventBytes) return;
    enqueue(line);
}

void ApiSession::release(std::size_t bytes) {
    queued_bytes_ -= bytes;
    total_queued_ -= bytes;
}

void ApiSession::enqueue(std::string line) {
    queued_bytes_ += line.size();
    total_queued_ += line.size();
    outbox_.push_back(std::move(line));
    if (!writing_) write_next();
}

void ApiSession::write_next() {
    if (outbox_.empty() || !open_) {
        writing_ = false;
        return;
    }
    writing_ = true;
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(outbox_.front()),
                      [this, self](boost::system::error_code ec, std::size_t) {
                          release(outbox_.front().size());
                          outbox_.pop_front();
                          if (ec) {
                              writing_ = false;
                              close();
                              return;
                          }
                          write_next();
                      });
}

ApiSession::~ApiSession() {
    for (const auto& line : outbox_)
        total_queued_ -= line.size();
}

void ApiSession::close() {
    if (!open_) return;
    open_ = false;
    boost::system::error_code ignored;
    socket_.shutdown(asio::local::stream_protocol::socket::shutdown_both, ignored);
    socket_.close(ignored);
    // Keep only a line being written (its handler still owns it); free the rest now.
    while (outbox_.size() > (writing_ ? 1u : 0u)) {
        release(outbox_.back().size());
        outbox_.pop_back();
    }
}

} // namespace tg::service
