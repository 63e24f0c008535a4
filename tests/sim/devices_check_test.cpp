// `treadguard devices check` against treadguard-sim, for every shipped drive map and the
// DGT4X plate: decoded fields next to raw registers, refusals, and the bench move.
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

using namespace tg;

namespace {

std::string map_path(const std::string& name) {
    return testing::source_dir() + "/hw/devices/" + name + ".toml";
}

testing::CommandResult check(const std::string& link, const std::string& map,
                             const std::string& extra = "--accept-unverified") {
    return testing::run_command(testing::bin_dir() + "/treadguard devices check --map '" +
                                    map_path(map) + "' --link '" + link + "' --refreshes 1 " +
                                    extra + " 2>&1",
                                60);
}

std::string tcp(const testing::SimProcess& sim) {
    return "tcp:127.0.0.1:" + std::to_string(sim.tcp_port());
}

// The decoded text of the field `name` ("  name  ADDR (0x..) = 0x.... -> TEXT").
std::string decoded(const std::string& output, const std::string& name) {
    std::smatch m;
    const std::regex line("\\n  " + name +
                          " +[0-9]+ \\(0x[0-9A-F]{4}\\) = (0x[0-9A-F]{4})  ->  ([^\\n]*)");
    if (!std::regex_search(output, m, line)) return "(no line for " + name + ")";
    return m[1].str() + " " + m[2].str();
}

} // namespace

TEST_CASE("devices check decodes each drive map's fields next to the raw registers") {
    SUBCASE("Delta MS300: two-bit state, fault low byte, identity; refused without "
            "--accept-unverified") {
        testing::SimProcess sim({"--drive", map_path("delta-ms300")});
        auto refused = check(tcp(sim), "delta-ms300", "");
        CHECK(refused.exit_code == 1);
        CHECK(refused.output.find("--accept-unverified") != std::string::npos);
        CHECK(refused.output.find("read 1") == std::string::npos); // nothing was read
        REQUIRE(sim.control("drive-fault 58").starts_with("ok"));
        auto r = check(tcp(sim), "delta-ms300");
        INFO(r.output);
        CHECK(r.exit_code == 0);
        CHECK(decoded(r.output, "state") == "0x0000 not running");
        CHECK(decoded(r.output, "fault code").starts_with("0x003A 58 CE10"));
        CHECK(decoded(r.output, "warning code").starts_with("0x003A 0"));
        CHECK(decoded(r.output, "identity") == "0x0012 0x0012");
        CHECK(decoded(r.output, "direction") == "0x0000 0 forward");
        CHECK(r.output.find("nothing was written") != std::string::npos);
    }
    SUBCASE("Yaskawa V1000 over RTU: fault through Drive Status 2 bit 14, code from 0x0080") {
        testing::SimProcess sim({"--drive", map_path("yaskawa-v1000")}, true);
        REQUIRE(sim.control("drive-fault 4 31").starts_with("ok"));
        auto r = check("rtu:" + sim.rtu_path() + ":115200:8N1", "yaskawa-v1000");
        INFO(r.output);
        CHECK(r.exit_code == 0);
        CHECK(decoded(r.output, "state") == "0x4000 not running, FAULT flagged   [verify]");
        CHECK(decoded(r.output, "fault code") == "0x0004 4 oC: overcurrent   [verify]");
        CHECK(decoded(r.output, "fault contents").starts_with("0x0001 0b0000000000000001"));
        CHECK(r.output.find("MotorDrive reads: not running, output 0.00 Hz, fault 4 oC") !=
              std::string::npos);
        CHECK(nlohmann::json::parse(sim.control("status"))["units"]["31"]["too_soon"] == 0);
    }
    SUBCASE("Siemens V20: ZSW fault flag without a code, P2014 set on the drive") {
        testing::SimProcess sim({"--drive", map_path("siemens-v20")});
        REQUIRE(sim.control("drive-fault 5").starts_with("ok"));
        auto r = check(tcp(sim), "siemens-v20");
        INFO(r.output);
        CHECK(r.exit_code == 0);
        CHECK(decoded(r.output, "state") == "0x0008 not running, FAULT flagged   [verify]");
        CHECK(r.output.find("watchdog: set on the drive (P2014") != std::string::npos);
        CHECK(r.output.find("fault -1 fault flagged in the status word") != std::string::npos);
    }
    SUBCASE("Schneider ATV320: CiA402 states by ETA") {
        testing::SimProcess sim({"--drive", map_path("schneider-atv320")});
        auto r = check(tcp(sim), "schneider-atv320");
        INFO(r.output);
        CHECK(r.exit_code == 0);
        CHECK(decoded(r.output, "state") == "0x0040 idle (switch-on disabled)");
        REQUIRE(sim.control("drive-fault 9").starts_with("ok"));
        r = check(tcp(sim), "schneider-atv320");
        CHECK(decoded(r.output, "state") == "0x0008 fault");
        CHECK(decoded(r.output, "fault code").starts_with("0x0009 9 fault code 9"));
    }
}

TEST_CASE("devices check shows the DGT4X's four cells, raw and calibrated, each different") {
    testing::SimProcess sim({"--plate-map", map_path("dini-argeo-dgt4x"), "--deck-load", "30"});
    auto r = testing::run_command(testing::bin_dir() + "/treadguard devices check --map '" +
                                      map_path("dini-argeo-dgt4x") + "' --link '" + tcp(sim) +
                                      "' --unit 2 --refreshes 2 --accept-unverified 2>&1",
                                  60);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    const std::regex cell("cell ([1-4])  status 0x([0-9A-F]{4})  gross +(-?[0-9]+)  net +(-?[0-9]+)"
                          "  ->  +(-?[0-9.]+) N");
    std::set<long> gross;
    long sum = 0;
    int lines = 0;
    for (std::sregex_iterator it(r.output.begin(), r.output.end(), cell), end; it != end; ++it) {
        ++lines;
        const long g = std::stol((*it)[3]);
        gross.insert(g);
        sum += g;
        CHECK(g > 50); // a share of 70 kg by where the cell sits, plus the cell's own zero
        CHECK(g < 400);
        CHECK(std::stod((*it)[5]) == doctest::Approx(g * 0.1 * 9.80665).epsilon(0.001));
    }
    CHECK(lines == 8);
    CHECK(sum == doctest::Approx(2 * 700).epsilon(0.03)); // 40 kg deck + 30 kg, 0.1 kg each
    CHECK(gross.size() >= 4); // four distinct cells (the sim's zero offsets differ)
}

TEST_CASE("devices check --move runs the belt at <= 1 km/h through the limiter and stops it") {
    testing::SimProcess sim({"--drive", map_path("delta-ms300")});
    const std::string base = testing::bin_dir() + "/treadguard devices check --map '" +
                             map_path("delta-ms300") + "' --link '" + tcp(sim) +
                             "' --refreshes 1 --accept-unverified --move";
    auto no_machine = testing::run_command(base + " 2>&1", 30);
    CHECK(no_machine.exit_code == 2); // --move needs the machine file
    CHECK(nlohmann::json::parse(sim.control("status"))["units"]["1"]["run"] == "stop");
    auto r = testing::run_command(base + " --seconds 3 --treadmill '" + testing::source_dir() +
                                      "/hw/treadmills/demo-delta.toml' 2>&1",
                                  60);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(r.output, m, std::regex("peak belt ([0-9.]+) km/h")));
    const double peak = std::stod(m[1]);
    CHECK(peak > 0.3);
    CHECK(peak <= 1.01);
    CHECK(r.output.find("at rest") != std::string::npos);
    const auto drive = nlohmann::json::parse(sim.control("status"))["units"]["1"];
    CHECK(drive["run"] == "stop");
    CHECK(drive["output_hz"].get<double>() == 0.0);
    CHECK(drive["watchdog_s"].get<double>() == doctest::Approx(0.5)); // armed for the move
}
