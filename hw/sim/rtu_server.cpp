#include "hw/sim/rtu_server.hpp"

#include "hw/sim/crc16.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

namespace tg::sim {

namespace asio = boost::asio;

namespace {

// t3.5 at 19200 baud is ~2 ms; a pty has no baud rate, so allow scheduling jitter.
constexpr auto kInterFrameSilence = std::chrono::milliseconds(15);

int open_pty_master(std::string& slave_name) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (fd < 0) throw std::runtime_error(std::string("posix_openpt: ") + std::strerror(errno));
    if (grantpt(fd) != 0 || unlockpt(fd) != 0) {
        ::close(fd);
        throw std::runtime_error(std::string("grantpt/unlockpt: ") + std::strerror(errno));
    }
    const char* name = ptsname(fd);
    if (name == nullptr) {
        ::close(fd);
        throw std::runtime_error("ptsname failed");
    }
    slave_name = name;
    termios tio{};
    tcgetattr(fd, &tio);
    cfmakeraw(&tio);
    tcsetattr(fd, TCSANOW, &tio);
    return fd;
}

void replace_symlink(const std::string& target, const std::string& link) {
    struct stat st {};
    if (lstat(link.c_str(), &st) == 0) {
        if (!S_ISLNK(st.st_mode))
            throw std::runtime_error(link + " exists and is not a symlink; refusing to replace it");
        ::unlink(link.c_str());
    }
    if (::symlink(target.c_str(), link.c_str()) != 0)
        throw std::runtime_error("symlink " + link + ": " + std::strerror(errno));
}

} // namespace

RtuServer::RtuServer(asio::io_context& io, VirtualBench& bench, std::string link_path,
                     std::optional<RtuWireSettings> wire)
    : bench_(bench), link_path_(std::move(link_path)), master_(io), silence_timer_(io),
      pace_timer_(io) {
    if (wire) {
        wire_.emplace(wire->format);
        reply_delays_ = std::move(wire->reply_delays);
    }
    master_.assign(open_pty_master(pty_name_));
    // Holding the slave end open keeps the master readable between clients (no EIO when
    // the last client closes) and leaves the line in raw mode for the next one.
    slave_keepalive_fd_ = ::open(pty_name_.c_str(), O_RDWR | O_NOCTTY);
    if (slave_keepalive_fd_ >= 0) {
        termios tio{};
        tcgetattr(slave_keepalive_fd_, &tio);
        cfmakeraw(&tio);
        tcsetattr(slave_keepalive_fd_, TCSANOW, &tio);
    }
    if (wire_) {
        boost::system::error_code ignored;
        master_.non_blocking(true, ignored);
    }
    replace_symlink(pty_name_, link_path_);
    read();
}

RtuServer::~RtuServer() {
    stop();
}

void RtuServer::stop() {
    boost::system::error_code ignored;
    silence_timer_.cancel();
    pace_timer_.cancel();
    master_.close(ignored);
    if (slave_keepalive_fd_ >= 0) ::close(slave_keepalive_fd_);
    slave_keepalive_fd_ = -1;
    char target[512];
    const ssize_t n = ::readlink(link_path_.c_str(), target, sizeof target - 1);
    if (n > 0 && pty_name_ == std::string(target, static_cast<std::size_t>(n)))
        ::unlink(link_path_.c_str());
}

void RtuServer::read() {
    master_.async_read_some(asio::buffer(read_buffer_),
                            [this](boost::system::error_code ec, std::size_t n) {
                                if (ec == asio::error::operation_aborted) return;
                                if (!ec) {
                                    if (wire_)
                                        on_wire_bytes(n);
                                    else
                                        on_bytes(n);
                                }
                                read();
                            });
}

void RtuServer::on_bytes(std::size_t n) {
    const auto bad_before = framer_.bad_frames();
    framer_.feed(read_buffer_.data(), n);
    while (auto frame = framer_.next())
        answer(*frame);
    if (framer_.bad_frames() != bad_before) bench_.note_bad_frame();
    silence_timer_.cancel();
    if (!framer_.empty()) {
        silence_timer_.expires_after(kInterFrameSilence);
        silence_timer_.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            framer_.silence();
            bench_.note_bad_frame();
        });
    }
}

void RtuServer::answer(const RtuFrame& frame) {
    Outcome outcome = bench_.dispatch(frame.unit, frame.pdu, Via::Rtu, Clock::now());
    if (outcome.kind != Outcome::Kind::Reply) return; // a serial line cannot be "dropped"
    std::vector<std::uint8_t> adu;
    adu.reserve(outcome.pdu.size() + 3);
    adu.push_back(frame.unit);
    adu.insert(adu.end(), outcome.pdu.begin(), outcome.pdu.end());
    std::uint16_t crc = modbus_crc16(adu);
    if (outcome.corrupt_crc) crc ^= 0x5A5A;
    adu.push_back(static_cast<std::uint8_t>(crc & 0xFF));
    adu.push_back(static_cast<std::uint8_t>(crc >> 8));
    send(std::move(adu), outcome.delay_ms, frame.unit);
}

void RtuServer::send(std::vector<std::uint8_t> adu, int delay_ms, std::uint8_t unit) {
    if (wire_) {
        auto earliest = frame_ended_at_ + std::chrono::milliseconds(std::max(delay_ms, 0));
        if (auto d = reply_delays_.find(unit); d != reply_delays_.end()) earliest += d->second;
        // The reply starts on the model's time even when this wake-up came late: the
        // characters already due go out at once, and the last one leaves on time.
        const auto start = wire_->talk(earliest, adu.size());
        outbox_.push_back(Transmission{std::move(adu), start, 0});
        pace();
        return;
    }
    auto buffer = std::make_shared<std::vector<std::uint8_t>>(std::move(adu));
    auto write = [this, buffer] {
        asio::async_write(master_, asio::buffer(*buffer),
                          [buffer](boost::system::error_code, std::size_t) {});
    };
    if (delay_ms <= 0) {
        write();
        return;
    }
    auto timer = std::make_shared<asio::steady_timer>(master_.get_executor());
    timer->expires_after(std::chrono::milliseconds(delay_ms));
    timer->async_wait([timer, write](boost::system::error_code ec) {
        if (!ec) write();
    });
}

// Wire mode: the bytes go into the current frame unless they collided with our own reply
// or came after a gap; the frame is judged once the line has been silent for t3.5.
void RtuServer::on_wire_bytes(std::size_t n) {
    const bool frame_open = !framer_.empty() || frame_spoilt_;
    switch (wire_->receive(Clock::now(), n, frame_open)) {
    case RtuWire::Arrival::Collision:
    case RtuWire::Arrival::Gap:
        frame_spoilt_ = true;
        break;
    case RtuWire::Arrival::InFrame:
        if (!frame_spoilt_) framer_.feed(read_buffer_.data(), n);
        break;
    }
    arm_wire_silence();
}

void RtuServer::arm_wire_silence() {
    silence_timer_.cancel();
    silence_timer_.expires_at(wire_->frame_end());
    silence_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) on_wire_silence();
    });
}

void RtuServer::on_wire_silence() {
    // An expiry already queued when more characters came in is not the frame's end.
    if (Clock::now() < wire_->frame_end()) return arm_wire_silence();
    frame_ended_at_ = wire_->frame_end();
    if (frame_spoilt_) {
        frame_spoilt_ = false;
        framer_.silence();
        bench_.note_bad_frame(); // a real device answers nothing
        return;
    }
    const auto bad_before = framer_.bad_frames();
    while (auto frame = framer_.next())
        answer(*frame);
    framer_.silence(); // bytes beyond the frames: not a request
    if (framer_.bad_frames() != bad_before) bench_.note_bad_frame();
}

// Writes each character of the reply no sooner than it would have left the wire. Wake-ups
// are at least kPaceStep apart (a timer per character at 921600 baud would be 92 k/s; a
// USB adapter hands over what it received once per 1 ms USB frame anyway), but the last
// character of a reply is always written at its own time.
void RtuServer::pace() {
    constexpr auto kPaceStep = std::chrono::milliseconds(1);
    if (pacing_) return;
    while (!outbox_.empty()) {
        auto& t = outbox_.front();
        const auto now = Clock::now();
        std::size_t due = t.written;
        while (due < t.bytes.size() && wire_->character_sent(t.start, due) <= now)
            ++due;
        if (due > t.written) {
            // A wire does not wait for its listener: with nobody reading (a full pty buffer)
            // the characters are lost, never queued up and never blocking the bench.
            boost::system::error_code ec;
            master_.write_some(asio::buffer(t.bytes.data() + t.written, due - t.written), ec);
            t.written = due;
        }
        if (t.written == t.bytes.size()) {
            outbox_.pop_front();
            continue;
        }
        const auto last = wire_->character_sent(t.start, t.bytes.size() - 1);
        const auto next = wire_->character_sent(t.start, t.written);
        pacing_ = true;
        pace_timer_.expires_at(std::min(last, std::max(next, now + kPaceStep)));
        pace_timer_.async_wait([this](boost::system::error_code ec) {
            pacing_ = false;
            if (!ec) pace();
        });
        return;
    }
}

} // namespace tg::sim
