#include "hmi/api/unix_line_socket.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace tg::hmi {

UnixLineSocket::~UnixLineSocket() {
    close();
}

bool UnixLineSocket::open(std::string& error) {
    close();
    sockaddr_un addr{};
    if (path_.size() >= sizeof addr.sun_path) {
        error = "socket path too long: " + path_;
        return false;
    }
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
    // A Unix-domain connect completes at once or fails at once (EAGAIN when the
    // listener's backlog is full), so the render loop never waits here either.
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        error = path_ + ": " + std::strerror(errno);
        close();
        return false;
    }
    return true;
}

void UnixLineSocket::send_line(const std::string& line) {
    outgoing_ += line;
    outgoing_ += '\n';
}

bool UnixLineSocket::flush(std::string& error) {
    while (!outgoing_.empty()) {
        const ssize_t n = ::send(fd_, outgoing_.data(), outgoing_.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
            if (errno == EINTR) continue;
            error = std::string("send: ") + std::strerror(errno);
            return false;
        }
        outgoing_.erase(0, static_cast<std::size_t>(n));
    }
    return true;
}

bool UnixLineSocket::drain(std::vector<std::string>& received, std::string& error) {
    std::array<char, 16384> buf{};
    while (true) {
        const ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
        if (n == 0) {
            error = "the controller closed the connection";
            return false;
        }
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
            if (errno == EINTR) continue;
            error = std::string("recv: ") + std::strerror(errno);
            return false;
        }
        framer_.append(std::string_view(buf.data(), static_cast<std::size_t>(n)));
        while (auto line = framer_.next_line())
            received.push_back(std::move(*line));
        if (framer_.oversized()) {
            error = "the controller sent a line over 64 KiB";
            return false;
        }
    }
}

bool UnixLineSocket::pump(std::vector<std::string>& received, std::string& error) {
    if (fd_ < 0) {
        error = "not connected";
        return false;
    }
    return flush(error) && drain(received, error);
}

void UnixLineSocket::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    outgoing_.clear();
    framer_.reset();
}

} // namespace tg::hmi
