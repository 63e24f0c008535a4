#include "drivers/modbus/errno_classification.hpp"
#include "drivers/modbus/link_config.hpp"
#include "drivers/modbus/link_stats.hpp"
#include "drivers/modbus/modbus_link.hpp"
#include "drivers/modbus/reconnect_backoff.hpp"

#include <cerrno>
#include <doctest/doctest.h>
#include <modbus.h>
#include <vector>

using namespace tg::modbus;
using namespace std::chrono_literals;

TEST_CASE("link specs parse TCP and RTU, and refuse nonsense with a reason") {
    LinkConfig c;
    CHECK_FALSE(parse_link_spec("tcp:127.0.0.1:1502", c));
    CHECK(c.transport == Transport::Tcp);
    CHECK(c.host == "127.0.0.1");
    CHECK(c.port == 1502);
    CHECK_FALSE(parse_link_spec("tcp:[::1]:502", c));
    CHECK(c.host == "::1");
    CHECK_FALSE(parse_link_spec("rtu:/dev/ttyUSB0:115200:8N1", c));
    CHECK(c.transport == Transport::Rtu);
    CHECK(c.device == "/dev/ttyUSB0");
    CHECK(c.baud == 115200);
    CHECK(c.parity == 'N');
    CHECK(c.stop_bits == 1);

    LinkConfig d;
    auto bad_port = parse_link_spec("tcp:host:99999", d);
    REQUIRE(bad_port);
    CHECK(bad_port->reason.find("port") != std::string::npos);
    CHECK(parse_link_spec("udp:host:1", d));
    CHECK(parse_link_spec("tcp::502", d));
    CHECK(parse_link_spec("rtu:", d));
    CHECK(parse_link_spec("rtu:/dev/x:fast", d));
    CHECK(parse_link_spec("rtu:/dev/x:9600:8X1", d));
}

TEST_CASE("libmodbus errno values map to link error kinds") {
    CHECK(classify_errno(ETIMEDOUT) == LinkErrorKind::Timeout);
    CHECK(classify_errno(EMBXILADD) == LinkErrorKind::Exception);
    CHECK(classify_errno(EMBXGTAR) == LinkErrorKind::Exception);
    CHECK(classify_errno(EMBBADCRC) == LinkErrorKind::BadCrc);
    CHECK(classify_errno(EMBBADDATA) == LinkErrorKind::BadReply);
    CHECK(classify_errno(EMBBADSLAVE) == LinkErrorKind::BadReply);
    CHECK(classify_errno(ECONNRESET) == LinkErrorKind::ConnectionLost);
    CHECK(classify_errno(EPIPE) == LinkErrorKind::ConnectionLost);
    CHECK(classify_errno(ENOMEM) == LinkErrorKind::Io);
    CHECK(needs_reconnect(LinkErrorKind::ConnectionLost));
    CHECK_FALSE(needs_reconnect(LinkErrorKind::Exception));
    CHECK(needs_flush(LinkErrorKind::Timeout));
    CHECK(to_string(LinkErrorKind::BadCrc) == "bad-crc");
}

TEST_CASE("reconnect backoff doubles up to its ceiling and resets on success") {
    ReconnectBackoff b(50ms, 400ms);
    const auto t0 = ReconnectBackoff::Clock::time_point{} + 1h;
    CHECK(b.may_attempt(t0));
    b.on_failure(t0);
    CHECK_FALSE(b.may_attempt(t0 + 49ms));
    CHECK(b.may_attempt(t0 + 50ms));
    b.on_failure(t0 + 50ms); // next wait 100 ms
    CHECK_FALSE(b.may_attempt(t0 + 149ms));
    b.on_failure(t0 + 150ms); // 200 ms
    b.on_failure(t0 + 350ms); // 400 ms
    b.on_failure(t0 + 750ms); // capped at 400 ms
    CHECK(b.current_delay() == 400ms);
    CHECK(b.next_attempt() == t0 + 1150ms);
    b.on_success();
    CHECK(b.current_delay() == 50ms);
    CHECK(b.may_attempt(t0 + 1150ms));
}

TEST_CASE("link statistics count errors by kind and give round-trip percentiles") {
    LinkStats s;
    for (int i = 1; i <= 100; ++i)
        s.record_success(std::chrono::microseconds(i * 100));
    s.record_error(LinkErrorKind::Timeout);
    s.record_error(LinkErrorKind::Timeout);
    s.record_error(LinkErrorKind::BadCrc);
    CHECK(s.requests() == 103);
    CHECK(s.errors() == 3);
    CHECK(s.timeouts() == 2);
    CHECK(s.errors_of(LinkErrorKind::BadCrc) == 1);
    auto rt = s.round_trips();
    CHECK(rt.count == 100);
    CHECK(rt.min_ms == doctest::Approx(0.1));
    CHECK(rt.max_ms == doctest::Approx(10.0));
    CHECK(rt.median_ms == doctest::Approx(5.0).epsilon(0.03));
    CHECK(rt.p99_ms == doctest::Approx(9.9).epsilon(0.02));
}

TEST_CASE("the percentile window is bounded: old samples roll out") {
    LinkStats s;
    for (std::size_t i = 0; i < LinkStats::kWindow; ++i)
        s.record_success(std::chrono::milliseconds(100));
    for (std::size_t i = 0; i < LinkStats::kWindow; ++i)
        s.record_success(std::chrono::milliseconds(1));
    auto rt = s.round_trips();
    CHECK(rt.count == LinkStats::kWindow);
    CHECK(rt.p99_ms == doctest::Approx(1.0));
    CHECK(rt.max_ms == doctest::Approx(100.0)); // all-time extreme is kept
}

TEST_CASE("a link that was never reachable reports connect-failed, then waits its backoff") {
    LinkConfig c;
    c.host = "127.0.0.1";
    c.port = 1; // nothing listens on port 1
    c.backoff_min = 200ms;
    ModbusLink link(c);
    std::uint16_t v[1];
    auto first = link.read_holding(0, v);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().kind == LinkErrorKind::ConnectFailed);
    CHECK(first.error().text.find("tcp:127.0.0.1:1") != std::string::npos);
    auto second = link.read_holding(0, v);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().kind == LinkErrorKind::Disconnected);
    CHECK(link.stats().errors() == 2);
}

TEST_CASE("invalid requests are refused locally without touching the bus") {
    ModbusLink link(LinkConfig{});
    std::uint16_t big[2];
    auto r = link.read_holding(65535, big);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == LinkErrorKind::InvalidArgument);
    std::vector<std::uint16_t> too_many(200);
    auto w = link.write_registers(0, too_many);
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().kind == LinkErrorKind::InvalidArgument);
}
