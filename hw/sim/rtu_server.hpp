#pragma once
// Modbus RTU server for the virtual bench on a pseudo-terminal: PATH becomes a symlink to
// the pty's slave end, so any serial master (mbpoll, pymodbus, our driver) can open it.
// Without a wire the pty has no baud rate: a request is answered as soon as it is complete.
// With one (RtuWireSettings), the server behaves as a device on an RS-485 line: a request
// counts only after its t3.5 silence, the reply waits the device's reply delay and leaves at
// the wire's rate, and a master speaking while the device talks gets no answer.
#include "drivers/modbus/rtu_timing.hpp"
#include "hw/sim/rtu_framer.hpp"
#include "hw/sim/rtu_wire.hpp"
#include "hw/sim/virtual_bench.hpp"

#include <boost/asio.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace tg::sim {

struct RtuWireSettings {
    modbus::SerialFormat format;
    std::map<int, std::chrono::microseconds> reply_delays; // per unit id; absent: 0
};

class RtuServer {
public:
    RtuServer(boost::asio::io_context& io, VirtualBench& bench, std::string link_path,
              std::optional<RtuWireSettings> wire = std::nullopt);
    ~RtuServer();

    const std::string& link_path() const { return link_path_; }
    const std::string& pty_name() const { return pty_name_; }
    void stop();

private:
    void read();
    void on_bytes(std::size_t n);
    void answer(const RtuFrame& frame);
    void send(std::vector<std::uint8_t> adu, int delay_ms, std::uint8_t unit);
    // Wire mode.
    void on_wire_bytes(std::size_t n);
    void arm_wire_silence();
    void on_wire_silence();
    void pace();

    struct Transmission {
        std::vector<std::uint8_t> bytes;
        RtuWire::Clock::time_point start;
        std::size_t written = 0;
    };

    VirtualBench& bench_;
    std::string link_path_;
    std::string pty_name_;
    int slave_keepalive_fd_ = -1;
    boost::asio::posix::stream_descriptor master_;
    boost::asio::steady_timer silence_timer_;
    RtuFramer framer_;
    std::array<std::uint8_t, 512> read_buffer_{};
    std::optional<RtuWire> wire_;
    std::map<int, std::chrono::microseconds> reply_delays_;
    bool frame_spoilt_ = false; // a collision or a t1.5 gap: discard until the silence
    RtuWire::Clock::time_point frame_ended_at_{};
    std::deque<Transmission> outbox_;
    boost::asio::steady_timer pace_timer_;
    bool pacing_ = false;
};

} // namespace tg::sim
