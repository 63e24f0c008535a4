#include "hw/sim/rtu_server.hpp"

#include "hw/sim/crc16.hpp"

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

RtuServer::RtuServer(asio::io_context& io, VirtualBench& bench, std::string link_path)
    : bench_(bench), link_path_(std::move(link_path)), master_(io), silence_timer_(io) {
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
    replace_symlink(pty_name_, link_path_);
    read();
}

RtuServer::~RtuServer() {
    stop();
}

void RtuServer::stop() {
    boost::system::error_code ignored;
    silence_timer_.cancel();
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
                                if (!ec) on_bytes(n);
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
    send(std::move(adu), outcome.delay_ms);
}

void RtuServer::send(std::vector<std::uint8_t> adu, int delay_ms) {
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

} // namespace tg::sim
