#include "hw/sim/control_channel.hpp"

#include <iostream>
#include <unistd.h>

namespace tg::sim {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;

namespace {

class ControlSession : public std::enable_shared_from_this<ControlSession> {
public:
    ControlSession(local::socket socket, VirtualBench& bench, ServerHooks& hooks)
        : socket_(std::move(socket)), bench_(bench), hooks_(hooks) {}

    void read() {
        auto self = shared_from_this();
        asio::async_read_until(
            socket_, buffer_, '\n', [this, self](boost::system::error_code ec, std::size_t) {
                if (ec) return;
                std::istream in(&buffer_);
                std::string line;
                std::getline(in, line);
                reply_ = apply_command(bench_, hooks_, line) + "\n";
                asio::async_write(socket_, asio::buffer(reply_),
                                  [this, self](boost::system::error_code e, std::size_t) {
                                      if (!e) read();
                                  });
            });
    }

private:
    local::socket socket_;
    VirtualBench& bench_;
    ServerHooks& hooks_;
    asio::streambuf buffer_{4096}; // a line longer than this is refused by closing
    std::string reply_;
};

} // namespace

ControlChannel::ControlChannel(asio::io_context& io, VirtualBench& bench, ServerHooks& hooks)
    : io_(io), bench_(bench), hooks_(hooks) {}

ControlChannel::~ControlChannel() {
    stop();
}

void ControlChannel::listen_stdin() {
    // Only pipes and terminals can be watched; /dev/null or a regular file throws here.
    try {
        stdin_ = std::make_unique<asio::posix::stream_descriptor>(io_, ::dup(STDIN_FILENO));
        read_stdin();
    } catch (const boost::system::system_error&) {
        stdin_.reset(); // e.g. stdin is /dev/null: nobody to listen to
    }
}

void ControlChannel::read_stdin() {
    asio::async_read_until(*stdin_, stdin_buffer_, '\n',
                           [this](boost::system::error_code ec, std::size_t) {
                               if (ec) return; // EOF: stdin closed, keep running
                               std::istream in(&stdin_buffer_);
                               std::string line;
                               std::getline(in, line);
                               if (!line.empty())
                                   std::cout << apply_command(bench_, hooks_, line) << std::endl;
                               read_stdin();
                           });
}

void ControlChannel::listen_socket(const std::string& path) {
    ::unlink(path.c_str());
    acceptor_ = std::make_unique<local::acceptor>(io_, local::endpoint(path));
    socket_path_ = path;
    accept();
}

void ControlChannel::accept() {
    acceptor_->async_accept([this](boost::system::error_code ec, local::socket socket) {
        if (ec) return;
        std::make_shared<ControlSession>(std::move(socket), bench_, hooks_)->read();
        accept();
    });
}

void ControlChannel::stop() {
    boost::system::error_code ignored;
    if (stdin_) stdin_->close(ignored);
    if (acceptor_) acceptor_->close(ignored);
    if (!socket_path_.empty()) ::unlink(socket_path_.c_str());
    socket_path_.clear();
}

} // namespace tg::sim
