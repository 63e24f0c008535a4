#include "controller/service/controller_config.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>

using namespace tg;

namespace {

devicemap::DataFileError refused(const std::string& text) {
    const auto path = testing::make_temp_dir("tg-cfg") + "/controller.toml";
    std::ofstream(path) << text;
    auto r = service::load_controller_config(path, testing::source_dir());
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
    auto e = std::get<devicemap::DataFileError>(r);
    CHECK(e.file == path);
    return e;
}

} // namespace

TEST_CASE("the shipped example configuration loads") {
    auto r = service::load_controller_config(
        testing::source_dir() + "/hw/linux/controller.example.toml", testing::source_dir());
    if (auto* e = std::get_if<devicemap::DataFileError>(&r)) FAIL(e->message());
    const auto& c = std::get<service::ControllerConfig>(r);
    CHECK(c.drive.link == "rtu:/dev/treadguard-drive:115200:8N1");
    CHECK(c.drive_watchdog_s == doctest::Approx(0.5));
    CHECK(c.plate_enabled);
}

TEST_CASE("the embedded default drives treadguard-sim on loopback") {
    auto c = service::default_config(testing::source_dir());
    CHECK(c.drive.link == "tcp:127.0.0.1:1502");
    CHECK(c.plate.unit == 2);
    CHECK(c.tick_hz == 100);
}

TEST_CASE("bad configuration files are refused with file, line and reason") {
    auto typo = refused("[controller]\ntick_hz = 100\nstroe = \"x.db\"\n");
    CHECK(typo.line == 3);
    CHECK(typo.reason.find("stroe") != std::string::npos);
    auto range = refused("[drive]\nwatchdog_s = 30\n");
    CHECK(range.line == 2);
    CHECK(range.reason.find("out of range") != std::string::npos);
    auto policy = refused("[controller]\non_heartbeat_loss = \"shrug\"\n");
    CHECK(policy.line == 2);
    auto ack = refused("[api]\nhmi_uid = 0\nacknowledge_emergency_stop = \"anyone\"\n");
    CHECK(ack.line == 3);
    CHECK(ack.reason.find("hmi_or_pin") != std::string::npos);
    auto uid = refused("[api]\nhmi_uid = -5\n");
    CHECK(uid.line == 2);
    auto section = refused("[motor]\nx = 1\n");
    CHECK(section.reason.find("motor") != std::string::npos);
    auto syntax = refused("[controller\n");
    CHECK(syntax.line == 1);
    auto relative =
        service::load_controller_config(testing::source_dir() + "/nonexistent.toml", "");
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(relative));
}

TEST_CASE("the plate calibration follows the configured store unless a file is named") {
    const auto dir = testing::make_temp_dir("tg-cfg-cal");
    const auto path = dir + "/controller.toml";
    std::ofstream(path) << "[controller]\nstore = \"" << dir << "/records/treadguard.db\"\n";
    auto r = service::load_controller_config(path, testing::source_dir());
    if (auto* e = std::get_if<devicemap::DataFileError>(&r)) FAIL(e->message());
    auto c = std::get<service::ControllerConfig>(r);
    // No tare yet: the shipped default is read, and a tare is saved beside the records.
    CHECK(c.plate_calibration == testing::source_dir() + "/hw/calibration/sim-plate.toml");
    CHECK(c.plate_calibration_save == dir + "/records/plate-calibration.toml");
    // After a tare on site, that file is the one read.
    std::filesystem::create_directories(dir + "/records");
    std::ofstream(dir + "/records/plate-calibration.toml") << "# tared\n";
    c = std::get<service::ControllerConfig>(
        service::load_controller_config(path, testing::source_dir()));
    CHECK(c.plate_calibration == dir + "/records/plate-calibration.toml");
    // A file named in [plate] is used as given.
    std::ofstream(path, std::ios::app) << "[plate]\ncalibration = \"fixed.toml\"\n";
    c = std::get<service::ControllerConfig>(
        service::load_controller_config(path, testing::source_dir()));
    CHECK(c.plate_calibration == dir + "/fixed.toml");
    std::filesystem::remove_all(dir);
}
