// Fault injection: every fault the bench can inject surfaces as the right error kind
// within the configured timeout, and the link recovers once the fault is lifted.
#include "drivers/modbus/modbus_link.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;
using Kind = modbus::LinkErrorKind;

namespace {

constexpr auto kTimeout = 150ms;

modbus::LinkConfig config_for(const testing::SimProcess& sim, bool rtu) {
    modbus::LinkConfig c;
    if (rtu) {
        REQUIRE_FALSE(modbus::parse_link_spec("rtu:" + sim.rtu_path() + ":115200:8N1", c));
    } else {
        c.port = static_cast<std::uint16_t>(sim.tcp_port());
    }
    c.response_timeout = kTimeout;
    c.backoff_min = 20ms;
    c.backoff_max = 100ms;
    return c;
}

struct Timed {
    modbus::LinkStatus status;
    std::chrono::milliseconds took;
};

Timed read_status(modbus::ModbusLink& link) {
    std::uint16_t v = 0;
    const auto t0 = std::chrono::steady_clock::now();
    auto s = link.read_holding(0x2101, std::span(&v, 1));
    return {s, std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - t0)};
}

// After the fault is lifted, the link works again within a few backoff periods.
void expect_recovery(modbus::ModbusLink& link) {
    bool ok = false;
    for (int i = 0; i < 50 && !ok; ++i) {
        ok = read_status(link).status.ok();
        if (!ok) std::this_thread::sleep_for(20ms);
    }
    CHECK_MESSAGE(ok, "link did not recover after the fault was lifted");
}

void expect_error(const Timed& t, Kind kind, std::chrono::milliseconds bound) {
    REQUIRE_FALSE(t.status.ok());
    CHECK_MESSAGE(t.status.error().kind == kind, t.status.error().text);
    CHECK_MESSAGE(t.took <= bound, "took " << t.took.count() << " ms");
    MESSAGE(modbus::to_string(kind)
            << " surfaced in " << t.took.count() << " ms: " << t.status.error().text);
}

} // namespace

TEST_CASE("silent device -> timeout within the response timeout, then recovery") {
    for (bool rtu : {false, true}) {
        CAPTURE(rtu);
        testing::SimProcess sim({}, rtu);
        modbus::ModbusLink link(config_for(sim, rtu));
        REQUIRE(read_status(link).status.ok());
        sim.control("silent on");
        expect_error(read_status(link), Kind::Timeout, kTimeout + 100ms);
        sim.control("silent off");
        expect_recovery(link);
        CHECK(link.stats().timeouts() >= 1);
    }
}

TEST_CASE("replies delayed beyond the timeout count as timeouts; a late reply is not mistaken") {
    for (bool rtu : {false, true}) {
        CAPTURE(rtu);
        testing::SimProcess sim({}, rtu);
        modbus::ModbusLink link(config_for(sim, rtu));
        REQUIRE(read_status(link).status.ok());
        sim.control("delay 300");
        expect_error(read_status(link), Kind::Timeout, kTimeout + 100ms);
        sim.control("delay 0");
        std::this_thread::sleep_for(300ms); // the late reply arrives and must be discarded
        expect_recovery(link);
        // The value read now belongs to this request, not the late one.
        std::uint16_t freq = 0;
        REQUIRE(link.write_register(0x2001, 4321).ok());
        REQUIRE(link.read_holding(0x2001, std::span(&freq, 1)).ok());
        CHECK(freq == 4321);
    }
}

TEST_CASE("an exception reply surfaces with its code") {
    for (bool rtu : {false, true}) {
        CAPTURE(rtu);
        testing::SimProcess sim({}, rtu);
        modbus::ModbusLink link(config_for(sim, rtu));
        sim.control("exception 4");
        auto t = read_status(link);
        expect_error(t, Kind::Exception, kTimeout);
        CHECK(t.status.error().exception_code == 4);
        sim.control("exception off");
        expect_recovery(link);
    }
}

TEST_CASE("RTU: a corrupted CRC surfaces as bad-crc, then recovery") {
    testing::SimProcess sim({}, true);
    modbus::ModbusLink link(config_for(sim, true));
    REQUIRE(read_status(link).status.ok());
    sim.control("crc on");
    expect_error(read_status(link), Kind::BadCrc, kTimeout + 100ms);
    sim.control("crc off");
    expect_recovery(link);
    CHECK(link.stats().errors_of(Kind::BadCrc) >= 1);
}

TEST_CASE("TCP: a dropped connection surfaces as connection-lost and is re-opened") {
    testing::SimProcess sim;
    modbus::ModbusLink link(config_for(sim, false));
    REQUIRE(read_status(link).status.ok());
    sim.control("drop on");
    expect_error(read_status(link), Kind::ConnectionLost, kTimeout);
    CHECK_FALSE(link.connected());
    sim.control("drop off");
    expect_recovery(link);
    CHECK(link.stats().reconnects() >= 1);
}

TEST_CASE("TCP: connections dropped by the server between requests are noticed and re-opened") {
    testing::SimProcess sim;
    modbus::ModbusLink link(config_for(sim, false));
    REQUIRE(read_status(link).status.ok());
    sim.control("drop");
    std::this_thread::sleep_for(20ms);
    auto t = read_status(link);
    REQUIRE_FALSE(t.status.ok());
    CHECK(t.status.error().kind == Kind::ConnectionLost);
    expect_recovery(link);
}

TEST_CASE(
    "TCP: a refusing server -> connect-failed, backoff, then reconnect when it listens again") {
    testing::SimProcess sim;
    modbus::ModbusLink link(config_for(sim, false));
    REQUIRE(read_status(link).status.ok());
    sim.control("refuse on");
    sim.control("drop");
    std::this_thread::sleep_for(20ms);
    auto lost = read_status(link);
    REQUIRE_FALSE(lost.status.ok());
    std::this_thread::sleep_for(30ms);
    auto refused = read_status(link);
    REQUIRE_FALSE(refused.status.ok());
    CHECK((refused.status.error().kind == Kind::ConnectFailed ||
           refused.status.error().kind == Kind::Disconnected));
    sim.control("refuse off");
    expect_recovery(link);
}

TEST_CASE("a drive fault code is visible in the error register") {
    testing::SimProcess sim;
    modbus::ModbusLink link(config_for(sim, false));
    sim.control("drive-fault 7");
    std::uint16_t err = 0;
    REQUIRE(link.read_holding(0x2100, std::span(&err, 1)).ok());
    CHECK((err & 0xFF) == 7);
}
