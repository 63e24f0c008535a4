// treadguard-bench-demo writes the drive's setpoint and run command directly, so it must
// drive treadguard-sim only: it refuses serial links, hosts other than this machine, a
// device whose identity is not the sim's, and speeds beyond the treadmill's maximum, and
// in every refusal the drive is never sent a setpoint or a run command.
#include "drivers/modbus/modbus_link.hpp"
#include "tests/support/sim_process.hpp"

#include <array>
#include <doctest/doctest.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

using namespace tg;
using namespace std::chrono_literals;

namespace {

std::string demo(const std::string& link, const std::string& kmh) {
    const std::string src = testing::source_dir();
    return testing::bin_dir() + "/treadguard-bench-demo '" + link + "' '" + src +
           "/hw/devices/delta-ms300.toml' '" + src + "/hw/treadmills/demo-delta.toml' " + kmh;
}

// The sim's command (as the register 0x2000 would hold it) and setpoint (0x2001, read back
// over our own link). 0x2000 is write-only on the MS300, so the command comes from the sim's
// own status.
std::array<std::uint16_t, 2> command_and_setpoint(const testing::SimProcess& sim) {
    modbus::LinkConfig c;
    c.port = static_cast<std::uint16_t>(sim.tcp_port());
    c.response_timeout = 500ms;
    modbus::ModbusLink link(c);
    std::array<std::uint16_t, 2> v{0xFFFF, 0xFFFF};
    auto s = link.read_holding(0x2001, std::span(&v[1], 1));
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().text));
    const auto drive = nlohmann::json::parse(sim.control("status"))["units"]["1"];
    v[0] = drive["run"] == "forward" ? 0x0012 : 0x0001;
    return v;
}

void expect_refused(const testing::SimProcess& sim, const std::string& command,
                    const std::string& reason) {
    const auto r = testing::run_command(command, 30);
    MESSAGE(r.output);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.output.find(reason) != std::string::npos, r.output);
    CHECK(r.output.find("run forward") == std::string::npos);
    const auto regs = command_and_setpoint(sim);
    CHECK_MESSAGE(regs[0] != 0x0012, "the drive was sent the run command");
    CHECK_MESSAGE(regs[1] == 0, "the drive was sent a setpoint: " << regs[1]);
}

} // namespace

TEST_CASE("bench demo runs the belt on treadguard-sim over loopback TCP") {
    testing::SimProcess sim;
    const auto r =
        testing::run_command(demo("tcp:127.0.0.1:" + std::to_string(sim.tcp_port()), "4"), 60);
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("run forward, setpoint 4.0 km/h") != std::string::npos);
    CHECK(r.output.find("running") != std::string::npos);
}

TEST_CASE("bench demo refuses a serial link, even to the sim") {
    testing::SimProcess sim({}, true);
    expect_refused(sim, demo("rtu:" + sim.rtu_path() + ":115200:8N1", "4"),
                   "only a Modbus TCP link");
}

TEST_CASE("bench demo refuses a host that is not this machine") {
    testing::SimProcess sim;
    // TEST-NET-1 (RFC 5737): never routed; refused before any connection is tried.
    expect_refused(sim, demo("tcp:192.0.2.1:" + std::to_string(sim.tcp_port()), "4"),
                   "is not this machine");
}

TEST_CASE("bench demo refuses a loopback device whose identity is not the sim's") {
    testing::SimProcess sim;
    const std::string dir = testing::make_temp_dir("tg-guard");
    std::ofstream(dir + "/mode") << "data\n";
    testing::ChildProcess proxy(
        {"/usr/bin/python3", testing::source_dir() + "/tests/modbus/mbap_mutating_proxy.py",
         "--server-port", std::to_string(sim.tcp_port()), "--mode-file", dir + "/mode"});
    const std::string line = proxy.wait_for_line("ready port=");
    const std::string port = line.substr(line.find("port=") + 5);
    expect_refused(sim, demo("tcp:127.0.0.1:" + port, "4"), "not treadguard-sim's");
}

TEST_CASE("bench demo refuses a speed beyond the treadmill's maximum, or no number") {
    testing::SimProcess sim;
    const std::string link = "tcp:127.0.0.1:" + std::to_string(sim.tcp_port());
    expect_refused(sim, demo(link, "18.5"), "is not in (0, 18.0]");
    expect_refused(sim, demo(link, "nan"), "is not in (0, 18.0]");
    expect_refused(sim, demo(link, "-3"), "is not in (0, 18.0]");
}
