#include "controller/service/api_session.hpp"

#include <istream>

namespace tg::service {

namespace asio = boost::asio;

ApiSession::ApiSession(asio::local::stream_protocol::socket socket, LineHandler on_line)
    : socket_(std::move(socket)), buffer_(kMaxLine), on_line_(std::move(on_line)) {}

void ApiSession::start() {
    read();
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
    if (outbox_.size() >= kMaxQueued) { // the client does not read: let it go
        close();
        return;
    }
    // Replace invalid UTF-8 rather than throw: what we send must never take us down.
    outbox_.push_back(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                      "\n");
    if (!writing_) write_next();
}

void ApiSession::write_next() {
    if (outbox_.empty() || !open_) {
        writing_ = false;
        if (close_after_flush_) close();
        return;
    }
    writing_ = true;
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(outbox_.front()),
                      [this, self](boost::system::error_code ec, std::size_t) {
                          if (ec) {
                              close();
                              return;
                          }
                          outbox_.pop_front();
                          write_next();
                      });
}

void ApiSession::close() {
    if (!open_) return;
    open_ = false;
    boost::system::error_code ignored;
    socket_.shutdown(asio::local::stream_protocol::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (!writing_) outbox_.clear(); // else the pending write's handler still owns front()
}

} // namespace tg::service
