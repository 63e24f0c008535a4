// Every shipped drive map through MotorDrive against treadguard-sim: start, speed, stop,
// fault, reset, fast stop and a watchdog trip, with no code specific to any brand. Plus the
// per-drive rules the sim models: the ATV320 will not run before 6 -> 7 -> 15, a Yaskawa
// ignores a request sent < 5 ms after the previous one, its fault shows through bit 14.
#include "controller/safety/speed_limiter.hpp"
#include "drivers/motor/motor_drive.hpp"
#include "tests/motor/sim_drive_link.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

struct Rig {
    devicemap::DriveMap map;
    std::unique_ptr<testing::SimProcess> sim;
    std::unique_ptr<motor::MotorDrive> drive;

    explicit Rig(const std::string& name, bool rtu = false) {
        const auto src = testing::source_dir();
        const std::string file = src + "/hw/devices/" + name + ".toml";
        map = testing::load_or_fail(devicemap::load_drive_map(file));
        std::vector<std::string> args{"--drive", file};
        // A watchdog set on the drive's panel (V20 P2014) is set on the sim's too.
        if (map.watchdog_set_on_drive) args.insert(args.end(), {"--watchdog", "0.3"});
        sim = std::make_unique<testing::SimProcess>(args, rtu);
        drive = testing::sim_drive_link(map, *sim, rtu);
    }

    nlohmann::json json() const {
        return nlohmann::json::parse(
            sim->control("status"))["units"][std::to_string(map.default_unit)];
    }
    motor::DriveStatus status() {
        auto s = drive->read_status();
        if (!s.ok()) FAIL(s.error().text);
        return s.value();
    }
    void ok(const modbus::LinkStatus& s) {
        if (!s.ok()) FAIL(s.error().text);
    }
};

void drive_at(Rig& rig, safety::SpeedLimiter& limiter, double kmh, double seconds) {
    for (int i = 0; i < static_cast<int>(seconds * 50); ++i) {
        rig.ok(rig.drive->set_speed(limiter.step(20ms, kmh, 8.0, safety::RampMode::normal)));
        std::this_thread::sleep_for(20ms);
    }
}

// Polls the drive (which also feeds its watchdog) until `done` or 8 s.
template <class Done>
bool eventually(Rig& rig, Done done) {
    const auto until = std::chrono::steady_clock::now() + 8s;
    while (std::chrono::steady_clock::now() < until) {
        if (done(rig.status())) return true;
        std::this_thread::sleep_for(30ms);
    }
    return false;
}

void lifecycle(const std::string& name, bool rtu) {
    CAPTURE(name);
    Rig rig(name, rtu);
    rig.ok(rig.drive->connect({0.3}));
    CHECK(rig.json()["watchdog_s"].get<double>() == doctest::Approx(0.3));

    // start -> speed
    safety::LimiterSettings settings;
    settings.accel_kmh_per_s = 1.0;
    safety::SpeedLimiter limiter(settings);
    rig.ok(rig.drive->run_forward());
    drive_at(rig, limiter, 3.0, 1.5);
    auto s = rig.status();
    CHECK(s.running);
    CHECK(s.fault_code == 0);
    CHECK(s.belt_kmh > 0.5);
    CHECK(s.belt_kmh <= limiter.current().kmh() + 0.1);
    CHECK(rig.json()["run"] == "forward");
    rig.ok(rig.drive->run_forward()); // repeated while running: the belt keeps running
    CHECK(rig.json()["run"] == "forward");

    // stop
    rig.ok(rig.drive->stop());
    CHECK(eventually(rig, [](const motor::DriveStatus& st) { return st.output_hz == 0; }));
    CHECK_FALSE(rig.status().running);

    // fault -> reset
    REQUIRE(rig.sim->control("drive-fault 7 " + std::to_string(rig.map.default_unit))
                .starts_with("ok"));
    s = rig.status();
    CHECK(s.fault_code != 0);
    if (rig.map.error_register) CHECK(s.fault_code == 7);
    CHECK_FALSE(s.fault_name.empty());
    rig.ok(rig.drive->acknowledge_fault());
    s = rig.status();
    CHECK(s.fault_code == 0);
    CHECK(rig.json()["run"] == "stop");

    // fast stop -> reset leaves the belt stopped
    rig.ok(rig.drive->run_forward());
    drive_at(rig, limiter, 3.0, 0.5);
    CHECK(rig.json()["run"] == "forward");
    rig.ok(rig.drive->fast_stop());
    CHECK(rig.json()["fast_stop"].get<bool>());
    if (rig.map.status_quick_stop) CHECK(rig.status().quick_stop);
    CHECK(eventually(rig, [](const motor::DriveStatus& st) { return st.output_hz == 0; }));
    rig.ok(rig.drive->acknowledge_fault());
    CHECK_FALSE(rig.json()["fast_stop"].get<bool>());
    CHECK(rig.json()["run"] == "stop");

    // watchdog trip: silent with the belt running
    rig.ok(rig.drive->run_forward());
    drive_at(rig, limiter, 3.0, 0.6);
    REQUIRE(rig.json()["belt_kmh"].get<double>() > 0.1);
    std::this_thread::sleep_for(900ms); // 3 x the watchdog; the sim keeps its own time
    auto j = rig.json();
    CHECK(j["fault_code"].get<int>() != 0);
    CHECK(j["run"] == "stop");
    s = rig.status();
    CHECK(s.fault_code != 0);
    if (rig.map.comm_fault_code != 0 && (rig.map.error_register || rig.map.status_comm_timeout))
        CHECK(s.fault_code == rig.map.comm_fault_code);
    CHECK(eventually(rig, [](const motor::DriveStatus& st) { return st.output_hz == 0; }));
    rig.ok(rig.drive->acknowledge_fault());
    CHECK(rig.status().fault_code == 0);
    CHECK(j["too_soon"].get<int>() == 0); // MotorDrive kept the drive's request gap
}

} // namespace

TEST_CASE("every drive map: start, speed, stop, fault, reset, fast stop, watchdog trip") {
    lifecycle("delta-ms300", false);
    lifecycle("yaskawa-v1000", true);
    lifecycle("siemens-v20", true);
    lifecycle("schneider-atv320", false);
}

TEST_CASE("ATV320: the drive runs only after 6 -> 7 -> 15; a direct 15 does nothing") {
    Rig rig("schneider-atv320");
    rig.ok(rig.drive->connect({0.5}));
    auto& link = rig.drive->link();
    rig.ok(link.write_register(rig.map.frequency_setpoint_register, 100));
    rig.ok(link.write_register(8501, 0x000F)); // enable operation straight from idle
    std::this_thread::sleep_for(300ms);
    auto j = rig.json();
    CHECK(j["run"] == "stop");
    CHECK(j["output_hz"].get<double>() == 0.0);
    CHECK(rig.map.status_idle->matches(rig.status().status_word));
    rig.ok(link.write_register(8501, 0x0006));
    rig.ok(link.write_register(8501, 0x000F)); // switch on (7) skipped
    CHECK(rig.json()["run"] == "stop");
    rig.ok(rig.drive->run_forward()); // reads the state, writes 7 then 15
    std::this_thread::sleep_for(300ms);
    CHECK(rig.json()["run"] == "forward");
    CHECK(rig.status().running);
    CHECK(rig.json()["output_hz"].get<double>() > 0.0);
}

TEST_CASE("Yaskawa: a request < 5 ms after the previous one gets no answer; a fault shows "
          "through Drive Status 2 bit 14") {
    Rig rig("yaskawa-v1000", true);
    rig.ok(rig.drive->connect({1.0}));
    // A master that ignores the gap: back-to-back reads, the second goes unanswered.
    modbus::LinkConfig raw = rig.drive->link().config();
    rig.drive->link().close(); // one master on the serial line
    raw.min_request_gap = 0ms;
    raw.response_timeout = 150ms;
    modbus::ModbusLink fast(raw);
    REQUIRE(fast.connect().ok());
    std::this_thread::sleep_for(300ms); // after connect's ENTER the drive needs quiet
    std::uint16_t word = 0;
    int unanswered = 0;
    for (int i = 0; i < 6; ++i) {
        auto first = fast.read_holding(0x002C, std::span(&word, 1));
        REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().text));
        if (!fast.read_holding(0x002C, std::span(&word, 1)).ok()) ++unanswered;
        std::this_thread::sleep_for(20ms);
    }
    MESSAGE("back-to-back reads unanswered: " << unanswered << " of 6");
    CHECK(unanswered >= 3); // the machine is busy: some pairs may be 5 ms apart anyway
    CHECK(rig.json()["too_soon"].get<int>() >= unanswered);
    fast.close();
    rig.ok(rig.drive->link().connect());
    // The fault: bit 14 of 0x002C set, bit 15 (comm timeout) clear; the code from 0x0080.
    REQUIRE(rig.sim->control("drive-fault 4 31").starts_with("ok"));
    std::this_thread::sleep_for(30ms);
    const auto s = rig.status();
    CHECK((s.status_word & 0x4000) != 0);
    CHECK((s.status_word & 0x8000) == 0);
    CHECK(s.fault_code == 4);
    CHECK(s.fault_name == "oC: overcurrent");
    CHECK(s.fault_detail != 0);
}
