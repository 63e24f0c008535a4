// The link layer against treadguard-sim over real Modbus: TCP on loopback and RTU on a pty.
#include "drivers/modbus/modbus_link.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

modbus::LinkConfig tcp_link(const testing::SimProcess& sim, int unit = 1) {
    modbus::LinkConfig c;
    c.port = static_cast<std::uint16_t>(sim.tcp_port());
    c.unit_id = unit;
    c.response_timeout = 200ms;
    return c;
}

modbus::LinkConfig rtu_link(const testing::SimProcess& sim) {
    modbus::LinkConfig c;
    REQUIRE_FALSE(modbus::parse_link_spec("rtu:" + sim.rtu_path() + ":115200:8N1", c));
    c.response_timeout = 200ms;
    return c;
}

std::uint16_t read1(modbus::ModbusLink& link, int address) {
    std::uint16_t v = 0;
    auto r = link.read_holding(address, std::span(&v, 1));
    if (!r.ok()) FAIL(r.error().text);
    return v;
}

// Runs the belt up and checks that it follows the drive's 6 Hz/s ramp (60 Hz, 10 s).
void exercise_drive(modbus::ModbusLink& link) {
    std::uint16_t block[4];
    auto r = link.read_holding(0x2100, block);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().text));
    CHECK(block[0] == 0); // no error
    CHECK(block[3] == 0); // not turning
    REQUIRE(link.write_register(0x2001, 3000).ok());
    REQUIRE(link.write_register(0x2000, 0x0012).ok());
    const auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(500ms);
    const double hz = read1(link, 0x2103) / 100.0;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(hz == doctest::Approx(6.0 * elapsed).epsilon(0.15));
    CHECK(read1(link, 0x2101) == 0x0003);
    REQUIRE(link.write_register(0x2000, 0x0001).ok());
    CHECK(read1(link, 0x2101) == 0x0001); // decelerating to stop
    CHECK(link.stats().errors() == 0);
}

} // namespace

TEST_CASE("TCP: read the status block, run the drive, watch it ramp, stop it") {
    testing::SimProcess sim;
    modbus::ModbusLink link(tcp_link(sim));
    exercise_drive(link);
    CHECK(link.stats().round_trips().count >= 6);
}

TEST_CASE("RTU on a pty: the same drive through a serial master") {
    testing::SimProcess sim({}, true);
    modbus::ModbusLink link(rtu_link(sim));
    exercise_drive(link);
}

TEST_CASE("requests are routed by unit id; the force plate answers at unit 2") {
    testing::SimProcess sim({"--deck-load", "70", "--plate-map",
                             testing::source_dir() + "/hw/devices/dini-argeo-dgt4x.toml"});
    modbus::ModbusLink plate(tcp_link(sim, 2));
    std::uint16_t cells[20];
    REQUIRE(plate.read_holding(201, cells).ok());
    double total_kg = 0;
    for (int c = 0; c < 4; ++c)
        total_kg += ((cells[c * 3 + 1] << 16) | cells[c * 3 + 2]) / 10.0; // 4 x (status, gross)
    CHECK(total_kg == doctest::Approx(110.0).epsilon(0.01));              // 40 kg deck + 70 kg
    // unit 9 does not exist: over TCP the bench answers like a gateway
    modbus::ModbusLink nobody(tcp_link(sim, 9));
    std::uint16_t v;
    auto r = nobody.read_holding(0x2100, std::span(&v, 1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == modbus::LinkErrorKind::Exception);
    CHECK(r.error().exception_code == 0x0B);
}

TEST_CASE("reads longer than the device allows are split into several requests") {
    testing::SimProcess sim;
    auto cfg = tcp_link(sim);
    cfg.max_read_registers = 3;
    modbus::ModbusLink link(cfg);
    std::uint16_t block[8];
    REQUIRE(link.read_holding(0x2100, block).ok());
    CHECK(link.stats().requests() == 3);
    // and the device's own limit (20 for the Delta map) is enforced by the device
    cfg.max_read_registers = 125;
    modbus::ModbusLink greedy(cfg);
    std::uint16_t many[30];
    auto r = greedy.read_holding(0x2100, many);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().exception_code == 3);
}

TEST_CASE("a map without function 06 writes single registers with function 16") {
    testing::SimProcess sim;
    auto cfg = tcp_link(sim);
    cfg.allow_function_06 = false;
    modbus::ModbusLink link(cfg);
    REQUIRE(link.write_register(0x2001, 1234).ok());
    CHECK(read1(link, 0x2001) == 1234);
}
