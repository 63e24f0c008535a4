// End to end: treadguard-controller on the Yaskawa map against treadguard-sim. The sim's
// drive faults; the only sign on the wire is Drive Status 2 bit 14 (0x4000) with the code at
// 0x0080. The controller must latch it as a drive fault alarm.
#include "tests/service/session_support.hpp"
#include "tests/support/controller_process.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

bool has_alarm(const nlohmann::json& status, const std::string& code) {
    for (const auto& a : status["alarms"])
        if (a.value("code", "") == code) return true;
    return false;
}

template <class Pred>
bool within(std::chrono::seconds limit, Pred pred) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (pred()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

} // namespace

TEST_CASE("the controller latches a Yaskawa fault reported through Drive Status 2 bit 14") {
    const std::string map = testing::source_dir() + "/hw/devices/yaskawa-v1000.toml";
    testing::SimProcess sim({"--drive", map});
    const std::string config = testing::make_temp_dir("tg-yaskawa") + "/controller.toml";
    std::ofstream(config) << "[drive]\ndevice = \"" << map << "\"\n";
    testing::ControllerProcess controller(sim, {"--config", config, "--no-plate"});
    REQUIRE(within(20s, [&] {
        const auto s = controller.status();
        return s["links"]["drive"]["ok"].get<bool>();
    }));
    CHECK_FALSE(has_alarm(controller.status(), "drive_fault"));
    REQUIRE(sim.control("drive-fault 4 31").starts_with("ok"));
    nlohmann::json status;
    CHECK(within(10s, [&] {
        status = controller.status();
        return has_alarm(status, "drive_fault");
    }));
    INFO(status.dump());
    CHECK(status["links"]["drive"]["fault_code"] == 4);
    const auto drive = nlohmann::json::parse(sim.control("status"))["units"]["31"];
    CHECK((drive["status_word"].get<int>() & 0x4000) != 0); // bE fault
    CHECK((drive["status_word"].get<int>() & 0x8000) == 0); // not the comm-timeout bit
    CHECK(drive["too_soon"] == 0);                          // the controller kept the 5 ms gap
    // Latched: the fault stays an alarm even once the drive's fault is gone.
    REQUIRE(sim.control("drive-fault 0 31").starts_with("ok"));
}

TEST_CASE("impossible drive readings during a run raise the drive link alarm and stop the belt") {
    testing::SimProcess sim({"--runner-mass", "70"});
    testing::ControllerProcess ctl(sim, {"--config", testing::quick_profiles_config()});
    testing::start_running(ctl, sim);
    // 0x2103: the Delta map's output frequency; 0xFFFF reads as 655.35 Hz.
    REQUIRE(sim.control("garble 0x2103 0xFFFF").starts_with("ok"));
    nlohmann::json status;
    CHECK(within(10s, [&] {
        status = ctl.status();
        return has_alarm(status, "drive_link_lost");
    }));
    INFO(status.dump());
    // The belt is brought to rest (the drive still takes writes) and stays there.
    CHECK(testing::wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 30s));
    REQUIRE(sim.control("garble off").starts_with("ok"));
    std::this_thread::sleep_for(2s);
    CHECK(testing::sim_belt_kmh(sim) == 0.0);
    CHECK(ctl.status()["state"] != "Running");
}
