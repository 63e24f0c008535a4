// Interoperability with Modbus peers we did not write: mbpoll (a libmodbus-based master)
// against treadguard-sim, and our link against a python3-pymodbus server, over TCP and RTU.
#include "drivers/modbus/modbus_link.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <regex>
#include <thread>
#include <unistd.h>

using namespace tg;
using namespace std::chrono_literals;

namespace {

std::string mbpoll_target(const testing::SimProcess& sim, bool rtu) {
    if (rtu) return "-m rtu -b 115200 -P none " + sim.rtu_path();
    return "-m tcp -p " + std::to_string(sim.tcp_port()) + " 127.0.0.1";
}

// mbpoll prints "[8451]: \t1234" per register.
int mbpoll_value(const std::string& out, int address) {
    std::smatch m;
    const std::regex re("\\[" + std::to_string(address) + "\\]:\\s*(-?[0-9]+)");
    if (!std::regex_search(out, m, re)) return -1;
    return std::stoi(m[1]);
}

void require_program(const std::string& name) {
    REQUIRE_MESSAGE(testing::have_program(name),
                    name << " is not installed; the README's test command installs it");
}

} // namespace

TEST_CASE("mbpoll reads and writes the simulated drive, over TCP and over RTU") {
    require_program("mbpoll");
    for (bool rtu : {false, true}) {
        CAPTURE(rtu);
        testing::SimProcess sim({}, rtu);
        const std::string target = mbpoll_target(sim, rtu);
        auto status = testing::run_command("mbpoll -a 1 -0 -r 0x2100 -c 4 -1 " + target);
        INFO(status.output);
        REQUIRE(status.exit_code == 0);
        CHECK(mbpoll_value(status.output, 0x2100) == 0);
        CHECK(mbpoll_value(status.output, 0x2103) == 0);
        REQUIRE(testing::run_command("mbpoll -a 1 -0 -r 0x2001 -1 " + target + " 3000").exit_code ==
                0);
        REQUIRE(testing::run_command("mbpoll -a 1 -0 -r 0x2000 -1 " + target + " 18").exit_code ==
                0);
        std::this_thread::sleep_for(400ms);
        auto running = testing::run_command("mbpoll -a 1 -0 -r 0x2101 -c 3 -1 " + target);
        INFO(running.output);
        CHECK(mbpoll_value(running.output, 0x2101) == 3);
        const int out_hz = mbpoll_value(running.output, 0x2103);
        CHECK(out_hz > 150);  // >= 1.5 Hz after 0.4 s at 6 Hz/s
        CHECK(out_hz < 3000); // ramping, not jumping
        REQUIRE(testing::run_command("mbpoll -a 1 -0 -r 0x2000 -1 " + target + " 1").exit_code ==
                0);
        auto stopping = testing::run_command("mbpoll -a 1 -0 -r 0x2101 -1 " + target);
        CHECK(mbpoll_value(stopping.output, 0x2101) == 1);
        // an address the drive does not have is refused with an exception
        auto bad = testing::run_command("mbpoll -a 1 -0 -r 0x3000 -1 " + target);
        CHECK(bad.output.find("Illegal data address") != std::string::npos);
    }
}

TEST_CASE("our link talks to a python3-pymodbus server over TCP") {
    const std::string script = testing::source_dir() + "/tests/peers/pymodbus_delta_server.py";
    const int port = 20000 + (getpid() % 20000);
    testing::ChildProcess server({"/usr/bin/python3", script, "--tcp", std::to_string(port)});
    server.wait_for_line("ready", 20);
    modbus::LinkConfig c;
    c.port = static_cast<std::uint16_t>(port);
    c.response_timeout = 500ms;
    modbus::ModbusLink link(c);
    modbus::LinkStatus first = modbus::LinkError{};
    for (int i = 0; i < 50 && !(first = link.connect()).ok(); ++i)
        std::this_thread::sleep_for(50ms);
    REQUIRE(first.ok());
    REQUIRE(link.write_register(0x2001, 3000).ok());
    const std::uint16_t cmd[] = {0x0012};
    REQUIRE(link.write_registers(0x2000, cmd).ok());
    std::uint16_t back[2] = {};
    auto r = link.read_holding(0x2000, back);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().text));
    CHECK(back[0] == 0x0012);
    CHECK(back[1] == 3000);
}

TEST_CASE("our link talks to a python3-pymodbus server over RTU through a socat pty pair") {
    require_program("socat");
    const std::string dir = testing::make_temp_dir("tg-peer");
    testing::ChildProcess socat({"socat", "-d", "-d", "pty,raw,echo=0,link=" + dir + "/server",
                                 "pty,raw,echo=0,link=" + dir + "/client"});
    for (int i = 0; i < 100 && access((dir + "/client").c_str(), F_OK) != 0; ++i)
        std::this_thread::sleep_for(20ms);
    const std::string script = testing::source_dir() + "/tests/peers/pymodbus_delta_server.py";
    testing::ChildProcess server({"/usr/bin/python3", script, "--rtu", dir + "/server"});
    server.wait_for_line("ready", 20);
    modbus::LinkConfig c;
    REQUIRE_FALSE(modbus::parse_link_spec("rtu:" + dir + "/client:115200:8N1", c));
    c.response_timeout = 500ms;
    modbus::ModbusLink link(c);
    // pymodbus opens its end a moment after printing ready
    modbus::LinkStatus w = modbus::LinkError{};
    for (int i = 0; i < 20 && !(w = link.write_register(0x2001, 2500)).ok(); ++i)
        std::this_thread::sleep_for(100ms);
    REQUIRE_MESSAGE(w.ok(), (w.ok() ? "" : w.error().text));
    std::uint16_t v = 0;
    REQUIRE(link.read_holding(0x2001, std::span(&v, 1)).ok());
    CHECK(v == 2500);
    (void)std::system(("rm -rf '" + dir + "'").c_str());
}
