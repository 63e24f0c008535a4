// treadguard-sim's wire options: --baud and --format, and their refusals.
#include "hw/sim/sim_options.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace tg::sim;

namespace {

ParsedSimOptions parse(std::vector<std::string> args) {
    args.insert(args.begin(), "treadguard-sim");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    return parse_sim_options(static_cast<int>(argv.size()), argv.data(), "/data");
}

} // namespace

TEST_CASE("--baud and --format make the RTU pty a wire") {
    auto p = parse({"--rtu", "/tmp/x", "--baud", "115200", "--format", "8E1"});
    REQUIRE_FALSE(p.error);
    const auto f = serial_format(p.options);
    CHECK(f.baud == 115200);
    CHECK(f.data_bits == 8);
    CHECK(f.parity == 'E');
    CHECK(f.stop_bits == 1);
    CHECK(parse({"--rtu", "/tmp/x"}).options.baud == 0); // a plain pty, as before
    CHECK(serial_format(parse({"--rtu", "/tmp/x", "--baud", "9600"}).options).parity == 'N');
}

TEST_CASE("bad wire options are refused with a reason") {
    auto no_rtu = parse({"--baud", "9600"});
    REQUIRE(no_rtu.error);
    CHECK(no_rtu.error->find("--baud needs --rtu") != std::string::npos);
    auto slow = parse({"--rtu", "/tmp/x", "--baud", "300"});
    REQUIRE(slow.error);
    CHECK(slow.error->find("--baud") != std::string::npos);
    auto odd = parse({"--rtu", "/tmp/x", "--baud", "9600", "--format", "7N1"});
    REQUIRE(odd.error);
    CHECK(odd.error->find("8N1, 8E1, 8O1 or 8N2") != std::string::npos);
    auto no_baud = parse({"--rtu", "/tmp/x", "--format", "8E1"});
    REQUIRE(no_baud.error);
    CHECK(no_baud.error->find("--format needs --baud") != std::string::npos);
}
