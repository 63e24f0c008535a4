// The API client against a scripted transport: hello and subscribe on connect,
// heartbeats every 500 ms, replies matched by id, timeouts, reconnect with backoff,
// tolerant status parsing, and the line framer under it.
#include "hmi/api/api_client.hpp"
#include "hmi/api/controller_status.hpp"
#include "hmi/api/line_framer.hpp"
#include "tests/hmi/golden_shape.hpp"

#include <deque>
#include <doctest/doctest.h>

using namespace tg::hmi;
using nlohmann::json;

namespace {

struct ScriptedTransport final : LineTransport {
    bool accept = true;
    bool alive = true;
    int opens = 0;
    std::vector<json> sent;
    std::deque<std::string> incoming;
    bool open(std::string& error) override {
        ++opens;
        if (!accept) error = "refused";
        alive = accept;
        return accept;
    }
    void send_line(const std::string& line) override { sent.push_back(json::parse(line)); }
    bool pump(std::vector<std::string>& received, std::string& error) override {
        while (!incoming.empty()) {
            received.push_back(incoming.front());
            incoming.pop_front();
        }
        if (!alive) error = "closed";
        return alive;
    }
    void close() override {}
    int count(const std::string& cmd) const {
        int n = 0;
        for (const json& j : sent)
            n += j.value("cmd", "") == cmd ? 1 : 0;
        return n;
    }
};

} // namespace

TEST_CASE("connect says hello as an interactive client and subscribes") {
    ScriptedTransport t;
    ApiClient api(t);
    api.update(0.0);
    REQUIRE(t.sent.size() == 2);
    CHECK(t.sent[0]["cmd"] == "hello");
    CHECK(t.sent[0]["interactive"] == true);
    CHECK(t.sent[0]["v"] == 1);
    CHECK(t.sent[1]["cmd"] == "subscribe");
    CHECK(t.sent[1]["rate_hz"] == 20.0);
    CHECK(api.link_state() == LinkState::connected);
    CHECK_FALSE(api.controller_available(0.0)); // no status yet
}

TEST_CASE("heartbeats go out every 500 ms, never more than a second apart") {
    ScriptedTransport t;
    ApiClient api(t);
    for (double now = 0.0; now <= 10.0; now += 1.0 / 30)
        api.update(now);
    CHECK(t.count("heartbeat") >= 19);
    CHECK(t.count("heartbeat") <= 21);
}

TEST_CASE("replies are matched by id; events and status are told apart") {
    ScriptedTransport t;
    ApiClient api(t);
    api.update(0.0);
    json got;
    api.request({{"cmd", "runners.list"}}, [&](const ApiReply& r) { got = r.body; });
    const auto id = t.sent.back()["id"].get<long long>();
    json status = tg::testing::read_golden("status_idle")["status"]; // what the daemon sends
    status["state"] = "Ready";
    status["runner"] = "Ana";
    t.incoming.push_back(json{{"v", 1}, {"event", "status"}, {"status", status}}.dump());
    t.incoming.push_back(R"({"v":1,"event":"step","step":{"side":"left"}})");
    t.incoming.push_back(R"({"v":1,"id":999,"ok":true})"); // unknown id: ignored
    t.incoming.push_back(
        json{{"v", 1}, {"id", id}, {"ok", true}, {"runners", json::array()}}.dump());
    api.update(0.1);
    CHECK(got.contains("runners"));
    REQUIRE(api.status());
    CHECK(api.status()->state == "Ready");
    CHECK(api.controller_available(0.1));
    CHECK_FALSE(api.controller_available(2.0)); // stale after 1.5 s without status
    CHECK(api.take_events().size() == 1);
}

TEST_CASE("a reply is matched to its request by the client's own id, whatever the command holds") {
    ScriptedTransport t;
    ApiClient api(t);
    api.update(0.0);
    bool ok = false;
    api.request({{"cmd", "sessions.show"}, {"session_id", 12}},
                [&](const ApiReply& r) { ok = r.ok; });
    const auto id = t.sent.back()["id"].get<std::int64_t>();
    CHECK(t.sent.back()["session_id"] == 12);
    t.incoming.push_back(R"({"v":1,"id":12,"ok":true,"session":{}})"); // someone else's reply
    api.update(0.1);
    CHECK_FALSE(ok);
    t.incoming.push_back(
        nlohmann::json{{"v", 1}, {"id", id}, {"ok", true}, {"session", {}}}.dump());
    api.update(0.2);
    CHECK(ok);
}

TEST_CASE("errors, timeouts and a dropped connection all reach the handler") {
    ScriptedTransport t;
    ApiClient api(t);
    api.update(0.0);
    ApiReply refused, timed_out, dropped;
    api.request({{"cmd", "start"}}, [&](const ApiReply& r) { refused = r; });
    const auto id = t.sent.back()["id"].get<long long>();
    t.incoming.push_back(json{{"v", 1},
                              {"id", id},
                              {"ok", false},
                              {"error", {{"code", "refused"}, {"message", "choose a runner"}}}}
                             .dump());
    api.request({{"cmd", "status"}}, [&](const ApiReply& r) { timed_out = r; });
    api.update(0.1);
    CHECK(refused.error_code == "refused");
    CHECK(reply_error_text(refused) == "choose a runner");
    api.update(5.2);
    CHECK(timed_out.error_code == "timeout");
    api.request({{"cmd", "status"}}, [&](const ApiReply& r) { dropped = r; });
    t.alive = false;
    api.update(5.3);
    CHECK(dropped.error_code == "disconnected");
    CHECK(api.link_state() == LinkState::disconnected);
}

TEST_CASE("no command is sent while disconnected, and reconnects back off to 2 s") {
    ScriptedTransport t;
    t.accept = false;
    ApiClient api(t);
    ApiReply reply;
    api.request({{"cmd", "stop"}}, [&](const ApiReply& r) { reply = r; });
    CHECK(reply.error_code == "disconnected");
    for (double now = 0.0; now < 10.0; now += 0.05)
        api.update(now);
    // 0.5, 1, 2, 2, 2 ... s apart: about 0 + 0.5 + 1.5 + 3.5 + 5.5 + 7.5 + 9.5
    CHECK(t.opens >= 6);
    CHECK(t.opens <= 8);
    CHECK(t.sent.empty());
    t.accept = true;
    for (double now = 10.0; now < 12.5; now += 0.05)
        api.update(now);
    CHECK(api.link_state() == LinkState::connected);
}

TEST_CASE("garbage from the controller is reported, never fatal") {
    ScriptedTransport t;
    ApiClient api(t);
    api.update(0.0);
    t.incoming.push_back("not json");
    t.incoming.push_back("[1,2]");
    t.incoming.push_back(
        R"({"v":1,"event":"status","status":{"state":7,"speed":"fast","alarms":[1,{"code":"x"}]}})");
    api.update(0.1);
    // A status that does not match the contract is dropped and reported, naming the field.
    CHECK_FALSE(api.status());
    CHECK(api.bad_messages() == 1);
    CHECK(api.last_error() == "status: state: expected a string, got an integer");
    CHECK(api.link_state() == LinkState::connected);
}

TEST_CASE("the daemon's running status parses completely") {
    const json j = tg::testing::read_golden("status_running")["status"];
    std::string error;
    const auto parsed = parse_status(j, &error);
    REQUIRE_MESSAGE(parsed, error);
    const ControllerStatus& s = *parsed;
    CHECK(s.state == "Running");
    CHECK(s.session_id == j["session_id"].get<long long>());
    REQUIRE(s.phase);
    CHECK(s.phase->kind == j["phase"]["kind"].get<std::string>());
    CHECK(s.cap_kmh == j["speed"]["cap_kmh"].get<double>());
    CHECK(s.time_cap_s == j["time"]["cap_s"].get<double>());
    CHECK(s.valr_advisory_bw_s == 66.0);
    REQUIRE(s.plate_link);
    CHECK(belt_may_move(s.state));
    CHECK_FALSE(belt_may_move("Stopped"));
    CHECK(is_latched_state("EmergencyStop"));
}

TEST_CASE("the status the old fake controller made up is refused, naming what is missing") {
    // The shape tests/hmi/fake_controller.py used to send: no phase.running, no fault_code.
    const json j = json::parse(R"({"state":"Running", "runner":"Ana", "session_id":12,
 "phase":{"index":1,"kind":"run","label":"Run","next":"cool-down walk","elapsed_s":95.2,"cap_s":600},
 "speed":{"actual_kmh":8.4,"commanded_kmh":8.5,"requested_kmh":8.5,"cap_kmh":8.5}})");
    std::string error;
    CHECK_FALSE(parse_status(j, &error));
    CHECK(error == "status: phase.speed_cap_kmh: is missing");
}

TEST_CASE("line framer: split, partial, CRLF and the 64 KiB limit") {
    LineFramer f(16);
    f.append("ab\ncd");
    CHECK(f.next_line() == "ab");
    CHECK_FALSE(f.next_line());
    f.append("e\r\n");
    CHECK(f.next_line() == "cde");
    f.append(std::string(17, 'x'));
    CHECK_FALSE(f.next_line());
    CHECK(f.oversized());
    f.reset();
    f.append("ok\n");
    CHECK(f.next_line() == "ok");
}
