#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <regex>

using namespace tg;

namespace {

std::string delta_text() {
    std::ifstream in(testing::source_dir() + "/hw/devices/delta-ms300.toml");
    return {std::istreambuf_iterator<char>(in), {}};
}

devicemap::DataFileError refused(const std::string& text) {
    const std::string path = testing::make_temp_dir("tg-map") + "/drive.toml";
    std::ofstream(path) << text;
    auto r = devicemap::load_drive_map(path);
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
    auto e = std::get<devicemap::DataFileError>(r);
    CHECK(e.file == path);
    return e;
}

int line_of(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

} // namespace

TEST_CASE("every shipped device and treadmill file loads") {
    for (auto name : {"delta-ms300", "yaskawa-v1000"}) {
        auto r = devicemap::load_drive_map(testing::source_dir() + "/hw/devices/" + name + ".toml");
        if (auto* e = std::get_if<devicemap::DataFileError>(&r)) FAIL(e->message());
    }
    auto t =
        devicemap::load_treadmill_spec(testing::source_dir() + "/hw/treadmills/demo-delta.toml");
    REQUIRE(std::holds_alternative<devicemap::TreadmillSpec>(t));
    CHECK(std::get<devicemap::TreadmillSpec>(t).to_hz(10.0) == doctest::Approx(30.0));
}

TEST_CASE("a bad drive map is refused with file, line and reason") {
    const std::string good = delta_text();
    SUBCASE("a typo in a key") {
        auto text = std::regex_replace(good, std::regex("units_per_hz = 100"), "unit_per_hz = 100");
        auto e = refused(text);
        CHECK(e.line == line_of(text, "unit_per_hz"));
        CHECK(e.reason.find("unit_per_hz") != std::string::npos);
    }
    SUBCASE("a value out of range") {
        auto text = std::regex_replace(good, std::regex("max_read_registers = 20"),
                                       "max_read_registers = 300");
        auto e = refused(text);
        CHECK(e.line == line_of(text, "max_read_registers = 300"));
        CHECK(e.reason.find("out of range") != std::string::npos);
    }
    SUBCASE("a wrong type") {
        auto text =
            std::regex_replace(good, std::regex("register = 0x2000"), "register = \"0x2000\"");
        auto e = refused(text);
        CHECK(e.line == line_of(text, "register = \"0x2000\""));
        CHECK(e.reason.find("integer") != std::string::npos);
    }
    SUBCASE("broken TOML syntax") {
        auto text = good + "\n[broken\n";
        auto e = refused(text);
        CHECK(e.line == line_of(text, "[broken"));
    }
    SUBCASE("a missing section") {
        auto text = std::regex_replace(good, std::regex("\\[watchdog\\]"), "[watchdog_x]");
        auto e = refused(text);
        CHECK(e.reason.find("watchdog") != std::string::npos);
    }
}

TEST_CASE("a missing file is refused clearly") {
    auto r = devicemap::load_drive_map("/nonexistent/drive.toml");
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
    CHECK(std::get<devicemap::DataFileError>(r).message() ==
          "/nonexistent/drive.toml: cannot open the file");
}
