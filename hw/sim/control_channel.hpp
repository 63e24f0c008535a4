#pragma once
// Where control commands come from at run time: stdin (an operator at the terminal)
// and a Unix socket (tests and scripts), one command per line, one reply line each.
#include "hw/sim/control_commands.hpp"

#include <boost/asio.hpp>
#include <memory>
#include <string>

namespace tg::sim {

class ControlChannel {
public:
    ControlChannel(boost::asio::io_context& io, VirtualBench& bench, ServerHooks& hooks);
    ~ControlChannel();
    void listen_stdin();
    void listen_socket(const std::string& path);
    void stop();

private:
    void accept();
    void read_stdin();

    boost::asio::io_context& io_;
    VirtualBench& bench_;
    ServerHooks& hooks_;
    std::unique_ptr<boost::asio::posix::stream_descriptor> stdin_;
    boost::asio::streambuf stdin_buffer_;
    std::unique_ptr<boost::asio::local::stream_protocol::acceptor> acceptor_;
    std::string socket_path_;
};

} // namespace tg::sim
