#include "controller/service/api_server.hpp"

#include "controller/service/api_handlers.hpp"

#include <cstring>
#include <filesystem>
#include <malloc.h>
#include <sys/stat.h>

namespace tg::service {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;

namespace {

local::acceptor make_acceptor(asio::io_context& io, const std::string& path) {
    prepare_socket_path(path);
    const mode_t old = ::umask(0117); // socket file 0660
    local::acceptor acceptor(io, local::endpoint(path));
    ::umask(old);
    return acceptor;
}

nlohmann::json busy(const std::string& message) {
    return {{"v", 1}, {"ok", false}, {"error", {{"code", "busy"}, {"message", message}}}};
}

} // namespace

void prepare_socket_path(const std::string& path) {
    namespace fs = std::filesystem;
    const auto dir = fs::path(path).parent_path();
    // Our own directory only: chmod-ing an existing one (say /tmp) would change it for
    // everybody on the machine.
    if (!dir.empty() && !fs::exists(dir)) {
        if (!dir.parent_path().empty()) fs::create_directories(dir.parent_path());
        if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST)
            throw std::runtime_error("cannot create the socket directory " + dir.string());
        ::chmod(dir.c_str(), 0750); // whatever the umask: group may reach the socket
    } else if (!dir.empty() && !fs::is_directory(dir)) {
        throw std::runtime_error(dir.string() + " is not a directory");
    }
    // A stale socket from a killed daemon is replaced; anything else at the path is not.
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            throw std::runtime_error(path + " exists and is not a socket; refusing to replace it");
        ::unlink(path.c_str());
    }
}

ApiServer::ApiServer(asio::io_context& io, const std::string& path, ApiHandlers& handlers)
    : path_(path), handlers_(handlers), acceptor_(make_acceptor(io, path)), retry_timer_(io) {
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
        if (ec == asio::error::operation_aborted) return;
        if (ec) { // EMFILE and friends: keep the listener, say so, try again shortly
            ++accept_errors_;
            server_events_.push_back({{"v", 1},
                                      {"event", "alarm"},
                                      {"alarm",
                                       {{"code", "api_accept_failed"},
                                        {"severity", "advisory"},
                                        {"reason", "the API cannot accept connections: " +
                                                       std::string(std::strerror(ec.value()))},
                                        {"action", "close unused clients"}}}});
            retry_accept_later();
            return;
        }
        sessions_.remove_if([](const auto& w) {
            auto s = w.lock();
            return !s || !s->open();
        });
        auto session = std::make_shared<ApiSession>(
            std::move(socket),
            [this](const std::shared_ptr<ApiSession>& s, std::string line) {
                handlers_.handle_line(s, line);
            },
            next_id_++);
        // At the cap, the connection idle the longest (never an interactive one) makes room:
        // idle sockets a hostile client holds open must not lock out the next stop button.
        if (sessions_.size() >= kMaxConnections) {
            std::shared_ptr<ApiSession> idlest;
            for (const auto& w : sessions_)
                if (auto s = w.lock();
                    s && !s->interactive && (!idlest || s->last_request < idlest->last_request))
                    idlest = s;
            if (idlest) {
                idlest->send(busy("too many API connections (" + std::to_string(kMaxConnections) +
                                  "): this idle one is closed to make room"));
                idlest->close();
                sessions_.remove_if([&](const auto& w) { return w.lock() == idlest; });
            }
        }
        if (sessions_.size() >= kMaxConnections) {
            session->send(busy("too many API connections (" + std::to_string(kMaxConnections) +
                               "); close one and try again"));
            session->close();
        } else {
            sessions_.push_back(session);
            session->start();
        }
        accept();
    });
}

void ApiServer::retry_accept_later() {
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) accept();
    });
}

void ApiServer::publish(TimePoint now, const std::function<nlohmann::json()>& status,
                        const std::vector<nlohmann::json>& events) {
    std::vector<std::string> lines;
    lines.reserve(events.size() + server_events_.size());
    auto dump = [](const nlohmann::json& j) {
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    };
    for (const auto& e : server_events_)
        lines.push_back(dump(e));
    server_events_.clear();
    for (const auto& e : events)
        lines.push_back(dump(e));
    std::optional<std::string> message; // built once per tick, only if someone is due
    std::size_t before = 0, after = 0;
    for (auto& w : sessions_) {
        auto s = w.lock();
        if (!s) continue;
        before += s->open() ? s->queued_bytes() : 0;
        if (s->open() && s->subscribe_hz > 0) {
            for (const auto& line : lines)
                s->send_event(line);
            if (now >= s->next_status) {
                s->next_status =
                    now + std::chrono::microseconds(static_cast<long>(1e6 / s->subscribe_hz));
                if (!message)
                    message =
                        dump(nlohmann::json{{"v", 1}, {"event", "status"}, {"status", status()}});
                s->send_event(*message);
            }
        }
        after += s->open() ? s->queued_bytes() : 0;
    }
    // Large replies (exports) leave freed heap behind; give it back to the system now and
    // then, so one burst does not set the daemon's size for good.
    if (queued_last_tick_ > before) bytes_freed_since_trim_ += queued_last_tick_ - before;
    queued_last_tick_ = after;
    if (bytes_freed_since_trim_ > (8u << 20)) {
        bytes_freed_since_trim_ = 0;
        ::malloc_trim(0);
    }
}

void ApiServer::refresh_watchers() {
    watchers_.clear();
    for (const auto& w : sessions_)
        if (auto s = w.lock(); s && s->open() && s->interactive) watchers_.push_back(s);
}

std::optional<ApiServer::TimePoint> ApiServer::watchers_heartbeat() const {
    std::optional<TimePoint> newest;
    for (const auto& w : watchers_) {
        auto s = w.lock();
        if (!s || !s->open() || !s->last_heartbeat) continue;
        if (!newest || *s->last_heartbeat > *newest) newest = s->last_heartbeat;
    }
    return newest;
}

std::size_t ApiServer::clients() const {
    std::size_t n = 0;
    for (const auto& w : sessions_)
        if (auto s = w.lock(); s && s->open()) ++n;
    return n;
}

} // namespace tg::service
