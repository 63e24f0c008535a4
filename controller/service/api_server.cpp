#include "controller/service/api_server.hpp"

#include "controller/service/api_handlers.hpp"

#include <filesystem>
#include <sys/stat.h>

namespace tg::service {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;

namespace {

local::acceptor make_acceptor(asio::io_context& io, const std::string& path) {
    namespace fs = std::filesystem;
    const auto dir = fs::path(path).parent_path();
    if (!dir.empty()) {
        fs::create_directories(dir);
        ::chmod(dir.c_str(), 0770);
    }
    // A stale socket from a killed daemon is replaced; anything else at the path is not.
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            throw std::runtime_error(path + " exists and is not a socket; refusing to replace it");
        ::unlink(path.c_str());
    }
    const mode_t old = ::umask(0117); // socket file 0660
    local::acceptor acceptor(io, local::endpoint(path));
    ::umask(old);
    return acceptor;
}

} // namespace

ApiServer::ApiServer(asio::io_context& io, const std::string& path, ApiHandlers& handlers)
    : path_(path), handlers_(handlers), acceptor_(make_acceptor(io, path)) {
    accept();
}

ApiServer::~ApiServer() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (auto& w : sessions_)
        if (auto s = w.lock()) s->close();
    ::unlink(path_.c_str());
}

void ApiServer::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, local::socket socket) {
        if (ec) return;
        auto session = std::make_shared<ApiSession>(
            std::move(socket), [this](const std::shared_ptr<ApiSession>& s, std::string line) {
                handlers_.handle_line(s, line);
            });
        sessions_.remove_if([](const auto& w) { return w.expired(); });
        sessions_.push_back(session);
        session->start();
        accept();
    });
}

void ApiServer::publish(std::chrono::steady_clock::time_point now,
                        const std::function<nlohmann::json()>& status,
                        const std::vector<nlohmann::json>& events) {
    std::optional<nlohmann::json> message; // built once per tick, only if someone is due
    for (auto& w : sessions_) {
        auto s = w.lock();
        if (!s || !s->open() || s->subscribe_hz <= 0) continue;
        for (const auto& e : events)
            s->send(e);
        if (now < s->next_status) continue;
        s->next_status = now + std::chrono::microseconds(static_cast<long>(1e6 / s->subscribe_hz));
        if (!message) message = nlohmann::json{{"v", 1}, {"event", "status"}, {"status", status()}};
        s->send(*message);
    }
}

bool ApiServer::any_interactive() const {
    for (const auto& w : sessions_)
        if (auto s = w.lock(); s && s->open() && s->interactive) return true;
    return false;
}

std::size_t ApiServer::clients() const {
    std::size_t n = 0;
    for (const auto& w : sessions_)
        if (auto s = w.lock(); s && s->open()) ++n;
    return n;
}

} // namespace tg::service
