#include "controller/cli/calibrate_command.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <sstream>
#include <vector>

using namespace tg;

TEST_CASE("k from a belt-lap count") {
    // 50 laps of a 3.2 m belt in 60 s = 9.6 km/h; at 30 Hz that is 3.125 Hz per km/h.
    CHECK(cli::solve_hz_per_kmh(30, 50, 60, 3.2) == doctest::Approx(3.125));
}

TEST_CASE(
    "calibrate belt --write updates k and its source, keeps the rest, and the file still loads") {
    const auto dir = testing::make_temp_dir("tg-cal");
    const auto file = dir + "/m.toml";
    std::filesystem::copy_file(testing::source_dir() + "/hw/treadmills/demo-yaskawa.toml", file);
    std::ostringstream out, err;
    std::vector<std::string> args{"belt",   "--machine", file,        "--hz", "34.5",
                                  "--laps", "46",        "--seconds", "60",   "--write"};
    REQUIRE(cli::run_calibrate(args, out, err) == 0);
    auto spec = devicemap::load_treadmill_spec(file);
    REQUIRE(std::holds_alternative<devicemap::TreadmillSpec>(spec));
    const auto& s = std::get<devicemap::TreadmillSpec>(spec);
    CHECK(s.hz_per_kmh == doctest::Approx(cli::solve_hz_per_kmh(34.5, 46, 60, 3.6)).epsilon(1e-4));
    CHECK(s.k_source.starts_with("belt-lap calibration "));
    CHECK(s.max_speed_kmh == 16.0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("bad calibration input is refused with a reason, the file untouched") {
    std::ostringstream out, err;
    std::vector<std::string> args{"belt",   "--machine", "/nonexistent.toml", "--hz", "30",
                                  "--laps", "10",        "--seconds",         "60"};
    CHECK(cli::run_calibrate(args, out, err) == 1);
    CHECK(err.str().find("cannot open") != std::string::npos);
    std::vector<std::string> bad{"belt",   "--machine", "x",         "--hz", "0",
                                 "--laps", "10",        "--seconds", "60"};
    std::ostringstream err2;
    CHECK(cli::run_calibrate(bad, out, err2) == 2);
    CHECK(err2.str().find("--hz") != std::string::npos);
}
