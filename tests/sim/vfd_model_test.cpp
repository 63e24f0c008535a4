// The simulated drive is tested with time driven by hand, like the pure components.
#include "drivers/devicemap/drive_map.hpp"
#include "hw/sim/pdu_handler.hpp"
#include "hw/sim/vfd_model.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <variant>

using namespace tg;
using namespace std::chrono_literals;
using sim::Clock;

namespace {

devicemap::DriveMap delta() {
    auto m = devicemap::load_drive_map(testing::source_dir() + "/hw/devices/delta-ms300.toml");
    REQUIRE(std::holds_alternative<devicemap::DriveMap>(m));
    return std::get<devicemap::DriveMap>(m);
}

std::uint16_t read1(sim::VfdModel& d, std::uint16_t addr, Clock::time_point t) {
    std::uint16_t v = 0;
    REQUIRE(d.read_holding(addr, std::span(&v, 1), t) == 0);
    return v;
}

void write1(sim::VfdModel& d, std::uint16_t addr, std::uint16_t v, Clock::time_point t) {
    REQUIRE(d.write(addr, std::span(&v, 1), t) == 0);
}

const Clock::time_point t0 = Clock::time_point{} + 1h;

} // namespace

TEST_CASE("the Delta map loads with its registers") {
    auto m = delta();
    CHECK(m.command_register == 0x2000);
    CHECK(m.run_forward == 0x0012);
    CHECK(m.stop == 0x0001);
    CHECK(m.frequency_setpoint_register == 0x2001);
    CHECK(m.output_frequency_register == 0x2103);
    CHECK(m.status_register == 0x2101);
    CHECK(m.error_register == 0x2100);
    CHECK(m.watchdog_timeout_register == 0x0903);
    CHECK(m.fault_name(58).find("CE10") != std::string::npos);
}

TEST_CASE("the drive ramps up at max/accel_time and down at max/decel_time") {
    sim::VfdModel d(delta(), 3.0, t0); // 60 Hz max, 10 s ramps: 6 Hz/s
    write1(d, 0x2001, 3000, t0);
    write1(d, 0x2000, 0x0012, t0);
    CHECK(read1(d, 0x2103, t0 + 1s) == 600);
    CHECK(read1(d, 0x2101, t0 + 1s) == 0x0003);
    CHECK(read1(d, 0x2103, t0 + 4s) == 2400);
    CHECK(read1(d, 0x2103, t0 + 10s) == 3000); // holds the setpoint
    write1(d, 0x2000, 0x0001, t0 + 10s);
    CHECK(read1(d, 0x2101, t0 + 11s) == 0x0001); // decelerating
    CHECK(read1(d, 0x2103, t0 + 11s) == 2400);
    CHECK(read1(d, 0x2103, t0 + 16s) == 0);
    CHECK(read1(d, 0x2101, t0 + 16s) == 0x0000);
}

TEST_CASE("the comm watchdog trips after the configured silence and latches a fault") {
    sim::VfdModel d(delta(), 3.0, t0);
    write1(d, 0x0902, 1, t0); // ramp to stop
    write1(d, 0x0903, 5, t0); // 0.5 s
    write1(d, 0x2001, 3000, t0);
    write1(d, 0x2000, 0x0012, t0);
    for (int i = 1; i <= 30; ++i) { // a polling master keeps it alive
        d.note_request(t0 + i * 100ms);
        d.advance(t0 + i * 100ms);
    }
    CHECK(d.fault_code() == 0);
    CHECK(d.output_hz() == doctest::Approx(18.0));
    d.advance(t0 + 3s + 400ms);
    CHECK(d.fault_code() == 0);
    d.advance(t0 + 3s + 600ms); // silent for 600 ms > 500 ms
    CHECK(d.fault_code() == 58);
    d.advance(t0 + 7s);
    CHECK(d.output_hz() == doctest::Approx(0.0)); // ramped down, does not hold speed
    // A run command is ignored while faulted, and a reset does not restart the belt.
    write1(d, 0x2000, 0x0012, t0 + 7s);
    d.advance(t0 + 8s);
    CHECK(d.output_hz() == 0.0);
    write1(d, 0x2002, 0x0002, t0 + 8s);
    CHECK(d.fault_code() == 0);
    d.advance(t0 + 9s);
    CHECK(d.output_hz() == 0.0);
}

TEST_CASE("an injected drive fault stops the output and shows in the error register") {
    sim::VfdModel d(delta(), 3.0, t0);
    write1(d, 0x2001, 1500, t0);
    write1(d, 0x2000, 0x0012, t0);
    d.advance(t0 + 5s);
    d.inject_fault(1);
    CHECK((read1(d, 0x2100, t0 + 5s) & 0xFF) == 1);
    CHECK(read1(d, 0x2103, t0 + 5s) == 0);
}

TEST_CASE("bad requests get the exception a drive would give") {
    sim::VfdModel d(delta(), 3.0, t0);
    std::vector<std::uint8_t> resp;
    // frequency above the drive's maximum
    const std::uint8_t too_fast[] = {6, 0x20, 0x01, 0x27, 0x10}; // 100.00 Hz
    REQUIRE(sim::handle_pdu(d, too_fast, resp, t0));
    CHECK(resp == std::vector<std::uint8_t>{0x86, 0x03});
    resp.clear();
    const std::uint8_t unknown_reg[] = {3, 0x30, 0x00, 0x00, 0x01};
    REQUIRE(sim::handle_pdu(d, unknown_reg, resp, t0));
    CHECK(resp == std::vector<std::uint8_t>{0x83, 0x02});
    resp.clear();
    const std::uint8_t too_many[] = {3, 0x21, 0x00, 0x00, 0x40}; // 64 > the map's 20
    REQUIRE(sim::handle_pdu(d, too_many, resp, t0));
    CHECK(resp == std::vector<std::uint8_t>{0x83, 0x03});
    resp.clear();
    const std::uint8_t coils[] = {1, 0x00, 0x00, 0x00, 0x01};
    REQUIRE(sim::handle_pdu(d, coils, resp, t0));
    CHECK(resp == std::vector<std::uint8_t>{0x81, 0x01});
    resp.clear();
    const std::uint8_t truncated[] = {3, 0x21};
    CHECK_FALSE(sim::handle_pdu(d, truncated, resp, t0));
}

TEST_CASE("a drive map that forbids function 06 makes the drive refuse it") {
    auto m = delta();
    m.function_06 = false;
    sim::VfdModel d(m, 3.0, t0);
    std::vector<std::uint8_t> resp;
    const std::uint8_t fc06[] = {6, 0x20, 0x01, 0x0B, 0xB8};
    REQUIRE(sim::handle_pdu(d, fc06, resp, t0));
    CHECK(resp == std::vector<std::uint8_t>{0x86, 0x01});
    resp.clear();
    const std::uint8_t fc16[] = {16, 0x20, 0x01, 0x00, 0x01, 0x02, 0x0B, 0xB8};
    REQUIRE(sim::handle_pdu(d, fc16, resp, t0));
    CHECK(resp == std::vector<std::uint8_t>{16, 0x20, 0x01, 0x00, 0x01});
}
