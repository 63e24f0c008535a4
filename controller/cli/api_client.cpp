#include "controller/cli/api_client.hpp"

#include "controller/api/api_socket_path.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace tg::cli {

std::string api_path_from(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--api") return args[i + 1];
    return api::client_api_socket();
}

ApiClient::ApiClient(const std::string& socket_path) : path_(socket_path) {
    sockaddr_un addr{};
    if (socket_path.size() >= sizeof addr.sun_path) {
        error_ = "socket path too long: " + socket_path;
        return;
    }
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        error_ = "cannot reach treadguard-controller at " + socket_path + ": " +
                 std::strerror(errno) +
                 " (is it running? the same --api PATH must be given to both)";
        ::close(fd_);
        fd_ = -1;
    }
}

ApiClient::~ApiClient() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<nlohmann::json> ApiClient::next(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (fd_ >= 0) {
        if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
            auto line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            auto parsed = nlohmann::json::parse(line, nullptr, false);
            if (!parsed.is_discarded()) return parsed;
            continue;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char chunk[8192];
        const ssize_t n = ::read(fd_, chunk, sizeof chunk);
        if (n <= 0) {
            error_ = "the controller closed the connection";
            ::close(fd_);
            fd_ = -1;
            return std::nullopt;
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    return std::nullopt;
}

std::optional<nlohmann::json> ApiClient::call(nlohmann::json request,
                                              std::chrono::milliseconds timeout) {
    if (fd_ < 0) return std::nullopt;
    const int id = next_id_++;
    request["v"] = 1;
    request["id"] = id;
    const std::string line = request.dump() + "\n";
    if (::send(fd_, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
        error_ = std::string("sending to the controller failed: ") + std::strerror(errno);
        return std::nullopt;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto message = next(left);
        if (!message) break;
        if (message->contains("id") && (*message)["id"] == id) return message;
    }
    if (error_.empty())
        error_ = "no reply from the controller within " + std::to_string(timeout.count()) + " ms";
    return std::nullopt;
}

} // namespace tg::cli
