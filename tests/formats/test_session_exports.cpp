// `treadguard sessions export ID --format c3d|fit|force-csv` on a real session (the
// controller against treadguard-sim over Modbus TCP): the C3D reads back identically
// in our reader and in an independent one (read_c3d.py), analyses to the same steps
// as the raw recording; the FIT reads back (fit-file-parser) with the session's
// duration, distance and cadence; the research CSV states units and calibration.
#include "controller/c3d/c3d_file.hpp"
#include "controller/c3d/force_platforms.hpp"
#include "controller/recording/raw_force_table.hpp"
#include "tests/service/session_support.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

std::string treadguard_command(const ControllerProcess& ctl, const std::string& args) {
    return bin_dir() + "/treadguard --api " + ctl.api_path() + " " + args;
}

} // namespace

TEST_CASE("a session exported as C3D, FIT and research CSV") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim, {"--config", quick_profiles_config()});
    start_running(ctl, sim);
    run_to_limit(ctl, 8s); // straight to the cool-down walk
    const long long id = 1;
    const std::string dir = make_temp_dir("tg-exports");

    auto raw = ctl.call({{"cmd", "sessions.export"}, {"session_id", id}, {"format", "recording"}});
    require_ok(raw);
    std::istringstream raw_text(raw["content"].get<std::string>());
    const auto table = recording::read_raw_force(raw_text, "session 1");
    REQUIRE(table.size() > 10000);

    { // C3D (one session for all three: a SUBCASE would run the session again)
        const std::string file = dir + "/session.c3d";
        const auto exported = run_command(
            treadguard_command(ctl, "sessions export 1 --format c3d --out " + file), 60);
        INFO(exported.output);
        REQUIRE(exported.exit_code == 0);
        const auto c3d = c3d::read_c3d_file(file);
        CHECK(c3d.analog_rate_hz == doctest::Approx(1000.0));
        REQUIRE(c3d.frame_count == table.size());
        const std::size_t fz = c3d.find_channel("Fz");
        REQUIRE(fz != std::string::npos);
        CHECK(c3d.analog_units[fz] == "N");
        double worst = 0.0;
        for (std::size_t i = 0; i < table.size(); ++i)
            worst = std::max(worst, static_cast<double>(std::abs(
                                        c3d.channel(fz)[i] - static_cast<float>(table.fz_n[i]))));
        CHECK(worst == 0.0); // the float the file holds is the recorded value's float
        const auto plates = c3d::force_platforms(c3d);
        REQUIRE(plates.size() == 1);
        CHECK(plates[0].type == 1);
        const auto* session = c3d.parameters.find("TREADGUARD", "SESSION");
        REQUIRE(session);
        CHECK(session->texts.at(0) == "1");

        // The independent reader sees the same channels, units and values.
        const auto py =
            run_command("python3 " + source_dir() + "/tests/formats/read_c3d.py " + file, 60);
        REQUIRE(py.exit_code == 0);
        const auto j = json::parse(py.output);
        CHECK(j["frames"] == table.size());
        CHECK(j["rate_hz"].get<double>() == doctest::Approx(1000.0));
        CHECK(j["labels"][2] == "Fz");
        CHECK(j["units"][2] == "N");
        CHECK(j["plate_types"][0] == 1);
        double independent_worst = 0.0;
        for (std::size_t i = 0; i < table.size(); ++i)
            independent_worst = std::max(
                independent_worst, std::abs(j["values"][2][i].get<double>() - c3d.channel(fz)[i]));
        CHECK(independent_worst == 0.0);

        // Offline analysis of the C3D and of the raw recording find the same steps.
        std::ofstream(dir + "/session.csv") << raw["content"].get<std::string>();
        const auto a = run_command(bin_dir() + "/treadguard analyze --mass 70 " + file, 60);
        const auto b =
            run_command(bin_dir() + "/treadguard analyze --mass 70 " + dir + "/session.csv", 60);
        REQUIRE(a.exit_code == 0);
        REQUIRE(b.exit_code == 0);
        const auto ja = json::parse(a.output), jb = json::parse(b.output);
        MESSAGE("C3D: " << ja["steps"] << " steps, cadence " << ja["cadence_spm"] << "; recording: "
                        << jb["steps"] << " steps, cadence " << jb["cadence_spm"]);
        // The C3D's time base is uniform (sample / rate); the recording stamps each sample,
        // and samples the plate link lost leave gaps there: count them to explain a difference.
        std::size_t gaps = 0;
        for (std::size_t i = 1; i < table.size(); ++i)
            gaps += table.time_s[i] - table.time_s[i - 1] > 1.5e-3;
        MESSAGE(gaps << " gaps in the recording's time stamps");
        CHECK(std::abs(ja["steps"].get<int>() - jb["steps"].get<int>()) <=
              1 + static_cast<int>(gaps));
        CHECK(ja["steps"].get<int>() > 20);
    }
    { // FIT
        const std::string file = dir + "/session.fit";
        const auto exported = run_command(
            treadguard_command(ctl, "sessions export 1 --format fit --out " + file), 60);
        INFO(exported.output);
        REQUIRE(exported.exit_code == 0);
        auto summary =
            ctl.call({{"cmd", "sessions.export"}, {"session_id", id}, {"format", "json"}});
        require_ok(summary);
        const auto s = json::parse(summary["content"].get<std::string>());
        const double seconds = (s["session"]["end_unix_ms"].get<double>() -
                                s["session"]["start_unix_ms"].get<double>()) /
                               1000.0;
        const fs::path reader = fs::path(source_dir()) / "tests" / "fit" / "read_fit.js";
        if (!fs::exists(reader.parent_path() / "npm" / "node_modules" / "fit-file-parser")) {
            const auto install =
                run_command("npm install --no-save --no-audit --no-fund --prefix " +
                                (reader.parent_path() / "npm").string() + " fit-file-parser@6",
                            120);
            REQUIRE_MESSAGE(install.exit_code == 0, install.output);
        }
        const auto read = run_command("node " + reader.string() + " " + file, 60);
        INFO(read.output.substr(0, 800));
        REQUIRE(read.exit_code == 0);
        const auto j = json::parse(read.output);
        CHECK(j["sub_sport"] == "treadmill");
        CHECK(j["total_elapsed_time"].get<double>() == doctest::Approx(std::round(seconds)));
        const auto distance = s["session"]["totals"]["distance_m"];
        if (distance.is_number())
            CHECK(j["total_distance"].get<double>() ==
                  doctest::Approx(distance.get<double>()).epsilon(0.001));
        // Laps are the phases the steps show (walking or running); the simulated runner's
        // first session is slow enough to walk throughout, so at least one.
        CHECK(j["laps"].get<int>() >= 1);
        CHECK(j["num_laps"] == j["laps"]);
        const double cadence = s["steps"]["mean_cadence_spm"].get<double>();
        CHECK(j["avg_cadence"].get<double>() * 2 == doctest::Approx(cadence).epsilon(0.15));
        MESSAGE("FIT: " << j["total_elapsed_time"] << " s, " << j["total_distance"] << " m, "
                        << j["laps"] << " laps " << j["lap_times"] << ", avg cadence "
                        << j["avg_cadence"] << " strides/min; session mean " << cadence
                        << " steps/min");
    }
    { // research CSV
        const auto exported =
            run_command(treadguard_command(ctl, "sessions export 1 --format force-csv"), 60);
        REQUIRE(exported.exit_code == 0);
        std::istringstream lines(exported.output);
        std::string line, header;
        bool units = false, calibration = false;
        std::size_t rows = 0;
        while (std::getline(lines, line)) {
            if (line.starts_with("# units:")) units = true;
            if (line.starts_with("# calibration:")) calibration = true;
            if (line.starts_with("time_s,"))
                header = line;
            else if (!line.starts_with("#"))
                ++rows;
        }
        CHECK(units);
        CHECK(calibration);
        CHECK(header == "time_s,cell1_n,cell2_n,cell3_n,cell4_n,total_n,cop_ml_m");
        CHECK(rows == table.size());
    }
}
