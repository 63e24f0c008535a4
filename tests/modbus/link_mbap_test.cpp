// Modbus TCP replies whose MBAP header does not match the request (transaction id,
// protocol id, unit id) are rejected as BadReply, counted, and the link resynchronises:
// a proxy between the link and treadguard-sim rewrites the header of every reply while
// its mode file says so, then forwards replies unchanged again.
#include "drivers/modbus/modbus_link.hpp"
#include "tests/support/sim_process.hpp"

#include <array>
#include <doctest/doctest.h>
#include <fstream>
#include <string>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;
using Kind = modbus::LinkErrorKind;

namespace {

class MutatingProxy {
public:
    explicit MutatingProxy(int server_port)
        : mode_file_(testing::make_temp_dir("tg-mbap") + "/mode"),
          child_({"/usr/bin/python3",
                  testing::source_dir() + "/tests/modbus/mbap_mutating_proxy.py", "--server-port",
                  std::to_string(server_port), "--mode-file", mode_file_}) {
        set_mode("pass");
        const std::string line = child_.wait_for_line("ready port=");
        port_ = std::stoi(line.substr(line.find("port=") + 5));
    }
    void set_mode(const std::string& mode) {
        std::ofstream(mode_file_, std::ios::trunc) << mode << "\n";
    }
    int port() const { return port_; }

private:
    std::string mode_file_;
    testing::ChildProcess child_;
    int port_ = 0;
};

modbus::LinkConfig config_for(int port) {
    modbus::LinkConfig c;
    c.port = static_cast<std::uint16_t>(port);
    c.response_timeout = 300ms;
    c.backoff_min = 20ms;
    c.backoff_max = 100ms;
    return c;
}

modbus::LinkStatus read_two(modbus::ModbusLink& link, std::array<std::uint16_t, 2>& out) {
    out = {0xDEAD, 0xDEAD};
    return link.read_holding(0x2101, std::span(out));
}

bool recovers(modbus::ModbusLink& link) {
    std::array<std::uint16_t, 2> v{};
    for (int i = 0; i < 50; ++i) {
        if (read_two(link, v).ok()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

} // namespace

TEST_CASE("TCP replies with a wrong transaction, protocol or unit id are rejected, then recovery") {
    testing::SimProcess sim;
    MutatingProxy proxy(sim.tcp_port());
    modbus::ModbusLink link(config_for(proxy.port()));
    std::array<std::uint16_t, 2> v{};
    REQUIRE(read_two(link, v).ok());

    for (const std::string mode : {"tid", "protocol", "unit"}) {
        CAPTURE(mode);
        const auto bad_before = link.stats().errors_of(Kind::BadReply);
        const auto errors_before = link.stats().errors();
        proxy.set_mode(mode);
        for (int i = 0; i < 3; ++i) {
            auto status = read_two(link, v);
            CHECK_FALSE_MESSAGE(status.ok(), "a reply with a corrupted MBAP header was accepted");
            if (status.ok()) continue;
            CHECK(v[0] == 0xDEAD); // nothing from the rejected reply reaches the caller
            CHECK_MESSAGE(status.error().kind == Kind::BadReply, status.error().text);
            MESSAGE(mode << ": " << status.error().text);
        }
        CHECK(link.stats().errors_of(Kind::BadReply) == bad_before + 3);
        CHECK(link.stats().errors() == errors_before + 3);
        proxy.set_mode("pass");
        CHECK_MESSAGE(recovers(link), "link did not recover once replies were correct again");
    }
}
