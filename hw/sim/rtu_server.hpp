#pragma once
// Modbus RTU server for the virtual bench on a pseudo-terminal: PATH becomes a symlink to
// the pty's slave end, so any serial master (mbpoll, pymodbus, our driver) can open it.
#include "hw/sim/rtu_framer.hpp"
#include "hw/sim/virtual_bench.hpp"

#include <boost/asio.hpp>
#include <string>

namespace tg::sim {

class RtuServer {
public:
    RtuServer(boost::asio::io_context& io, VirtualBench& bench, std::string link_path);
    ~RtuServer();

    const std::string& link_path() const { return link_path_; }
    const std::string& pty_name() const { return pty_name_; }
    void stop();

private:
    void read();
    void on_bytes(std::size_t n);
    void answer(const RtuFrame& frame);
    void send(std::vector<std::uint8_t> adu, int delay_ms);

    VirtualBench& bench_;
    std::string link_path_;
    std::string pty_name_;
    int slave_keepalive_fd_ = -1;
    boost::asio::posix::stream_descriptor master_;
    boost::asio::steady_timer silence_timer_;
    RtuFramer framer_;
    std::array<std::uint8_t, 512> read_buffer_{};
};

} // namespace tg::sim
