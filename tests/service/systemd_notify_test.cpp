// treadguard-controller under a systemd-like supervisor: NOTIFY_SOCKET is a datagram socket
// of the test's, WATCHDOG_USEC an interval. The controller must say READY=1 once its links to
// treadguard-sim answer, STATUS= with the supervisor state, feed the watchdog while its tick
// runs, stop feeding it while the process is frozen, and say STOPPING=1 on SIGTERM.
#include "tests/support/controller_process.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <doctest/doctest.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

class NotifySocket {
public:
    explicit NotifySocket(const std::string& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof(addr.sun_path));
        path.copy(addr.sun_path, path.size());
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    }
    ~NotifySocket() {
        ::close(fd_);
        ::unlink(path_.c_str());
    }
    // Messages received within `within`.
    std::vector<std::string> read_for(std::chrono::milliseconds within) {
        std::vector<std::string> got;
        const auto end = std::chrono::steady_clock::now() + within;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                end - std::chrono::steady_clock::now());
            if (left <= 0ms) return got;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof(buf), 0);
            if (n > 0) got.emplace_back(buf, static_cast<std::size_t>(n));
        }
    }
    // Reads until a message holds `line`; everything read is appended to `seen`.
    bool wait_for(const std::string& line, std::chrono::seconds within,
                  std::vector<std::string>& seen) {
        const auto end = std::chrono::steady_clock::now() + within;
        while (std::chrono::steady_clock::now() < end) {
            for (auto& m : read_for(100ms)) {
                seen.push_back(m);
                if (("\n" + m + "\n").find("\n" + line) != std::string::npos) return true;
            }
        }
        return false;
    }

private:
    std::string path_;
    int fd_ = -1;
};

int count_with(const std::vector<std::string>& messages, const std::string& line) {
    int n = 0;
    for (const auto& m : messages)
        if (("\n" + m + "\n").find("\n" + line + "\n") != std::string::npos) ++n;
    return n;
}

} // namespace

TEST_CASE("the controller tells systemd it is ready, its state, and that its tick runs") {
    SimProcess sim;
    const auto dir = make_temp_dir("tg-notify");
    NotifySocket notify(dir + "/notify");
    ::setenv("NOTIFY_SOCKET", (dir + "/notify").c_str(), 1);
    ::setenv("WATCHDOG_USEC", "1500000", 1); // pings every 0.5 s
    ControllerProcess ctl(sim);
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");

    std::vector<std::string> seen;
    REQUIRE_MESSAGE(notify.wait_for("READY=1", 30s, seen), "no READY=1");
    // The links were up when it said so, and the status names the supervisor state.
    CHECK(ctl.status()["links"]["drive"]["ok"] == true);
    bool status_ok = false;
    for (const auto& m : seen)
        if (m.find("STATUS=Idle; drive link up; plate link up") != std::string::npos)
            status_ok = true;
    CHECK_MESSAGE(status_ok, "no STATUS= with the state among the messages");
    CHECK(count_with(seen, "READY=1") == 1);

    // Running: about two pings a second (the margins allow a busy machine).
    auto running = notify.read_for(3000ms);
    const int pings = count_with(running, "WATCHDOG=1");
    MESSAGE("WATCHDOG=1 in 3 s of ticking: " << pings);
    CHECK(pings >= 2);
    CHECK(count_with(running, "READY=1") == 0);

    // Frozen (the tick cannot run): no pings at all.
    REQUIRE(::kill(ctl.pid(), SIGSTOP) == 0);
    (void)notify.read_for(300ms); // what was already in flight
    auto frozen = notify.read_for(2000ms);
    CHECK(count_with(frozen, "WATCHDOG=1") == 0);
    REQUIRE(::kill(ctl.pid(), SIGCONT) == 0);
    std::vector<std::string> after;
    CHECK_MESSAGE(notify.wait_for("WATCHDOG=1", 10s, after), "no ping after the thaw");

    REQUIRE(::kill(ctl.pid(), SIGTERM) == 0);
    std::vector<std::string> last;
    CHECK_MESSAGE(notify.wait_for("STOPPING=1", 10s, last), "no STOPPING=1 on SIGTERM");
    (void)std::system(("rm -rf '" + dir + "'").c_str());
}

TEST_CASE("without NOTIFY_SOCKET the controller runs as before") {
    ::unsetenv("NOTIFY_SOCKET");
    SimProcess sim;
    ControllerProcess ctl(sim);
    CHECK(ctl.status()["state"].is_string());
}
