// FIT export of a session: our own encoder, read back by two independent readers
// (gpsbabel's garmin_fit format and the npm fit-file-parser), which must find the same
// duration, distance, cadence and laps.
#include "controller/fit/fit_activity.hpp"
#include "controller/fit/fit_crc.hpp"
#include "controller/fit/session_activity.hpp"
#include "tests/support/sim_process.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace tg;

namespace {

// Shell commands with a time limit (tests/support): npm may take a while.
testing::CommandResult run(const std::string& command) {
    return testing::run_command(command, 300);
}

fs::path source_dir() {
    return testing::source_dir();
}

// 2 min walk at 110 spm, 6 min run at 164 spm, 2 min walk; 10 s standing at the start.
std::vector<fit::SessionStep> synthetic_steps() {
    std::vector<fit::SessionStep> steps;
    double t = 10.0;
    auto phase = [&](double seconds, double spm, bool running) {
        const double end = t + seconds;
        for (; t < end; t += 60.0 / spm)
            steps.push_back({t, spm, running ? 0.1 : -0.1, running ? 2.5 : 1.2,
                             running ? std::optional<double>(55.0) : std::nullopt});
    };
    phase(120, 110, false);
    phase(360, 164, true);
    phase(120, 110, false);
    return steps;
}

fit::FitActivity synthetic_activity() {
    fit::SessionTotals totals;
    totals.start_unix_s = 1764633600.0; // 2025-12-02T00:00:00Z
    totals.duration_s = 610.0;
    totals.distance_m = 1850.0;
    totals.run_time_s = 600.0;
    return fit::session_activity(totals, synthetic_steps());
}

fs::path write_temp(const std::vector<std::uint8_t>& bytes, const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("tg-fit-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / name;
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return file;
}

} // namespace

TEST_CASE("The FIT CRC is CRC-16/ARC, and a file's CRC over itself is zero") {
    const std::string check = "123456789";
    CHECK(fit::fit_crc({reinterpret_cast<const std::uint8_t*>(check.data()), check.size()}) ==
          0xBB3D);
    const auto bytes = fit::encode_activity(synthetic_activity());
    REQUIRE(bytes.size() > 14);
    CHECK(bytes[0] == 14);
    CHECK(std::string(bytes.begin() + 8, bytes.begin() + 12) == ".FIT");
    const std::uint32_t data_size =
        bytes[4] | bytes[5] << 8 | bytes[6] << 16 | static_cast<std::uint32_t>(bytes[7]) << 24;
    CHECK(data_size + 14 + 2 == bytes.size());
    CHECK(fit::fit_crc({bytes.data(), 14}) == 0);
    CHECK(fit::fit_crc(bytes) == 0);
}

TEST_CASE("Laps follow the phases; records are per second; totals are the session's") {
    const auto a = synthetic_activity();
    REQUIRE(a.laps.size() == 3);
    CHECK(a.laps[0].phase == "walk");
    CHECK(a.laps[1].phase == "run");
    CHECK(a.laps[2].phase == "walk");
    CHECK(a.laps[1].duration_s == doctest::Approx(360.0).epsilon(0.02));
    CHECK(a.laps[1].avg_cadence_spm == doctest::Approx(164.0).epsilon(0.02));
    CHECK(a.records.size() == 610);
    CHECK(a.records.back().distance_m == doctest::Approx(1850.0));
    double lap_distance = 0.0;
    for (const auto& lap : a.laps)
        lap_distance += lap.distance_m;
    CHECK(lap_distance == doctest::Approx(1850.0));
    CHECK(a.records[5].speed_m_s == 0.0); // standing before the first step
}

// gpsbabel keeps only positioned points in its outputs, and a treadmill has none: its
// reader's trace (-D 9) shows what it decoded, message by message.
TEST_CASE("gpsbabel verifies and decodes the activity: duration, distance, cadence, laps") {
    if (run("command -v gpsbabel").exit_code != 0) {
        FAIL("gpsbabel is not installed (hw/linux/install-deps.sh installs it)");
        return;
    }
    const auto a = synthetic_activity();
    auto bytes = fit::encode_activity(a);
    const auto file = write_temp(bytes, "run.fit");
    const auto r =
        run("gpsbabel -D 9 -t -i garmin_fit -f " + file.string() + " -o unicsv -F /dev/null");
    REQUIRE_MESSAGE(r.exit_code == 0, r.output.substr(0, 2000));
    CHECK(r.output.find("fit: Header CRC verified.") != std::string::npos);
    CHECK(r.output.find("fit: File CRC verified.") != std::string::npos);
    std::istringstream lines(r.output);
    std::size_t records = 0, laps = 0, sessions = 0;
    double first = 1e300, last = 0.0, speed_sum_mm_s = 0.0, max_cadence = 0.0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find("parsing fit data ID 20 ") != std::string::npos) ++records;
        if (line.find("parsing fit data ID 19 ") != std::string::npos) ++laps;
        if (line.find("parsing fit data ID 18 ") != std::string::npos) ++sessions;
        auto value = [&](const char* key) {
            const auto at = line.find(key);
            return at == std::string::npos ? -1.0 : std::stod(line.substr(at + std::strlen(key)));
        };
        if (const double t = value("fit data: timestamp="); t >= 0) {
            first = std::min(first, t);
            last = std::max(last, t);
        }
        if (const double v = value("fit data: speed="); v >= 0) speed_sum_mm_s += v;
        if (const double c = value("fit data: cadence="); c >= 0)
            max_cadence = std::max(max_cadence, c);
    }
    MESSAGE("gpsbabel: " << records << " records, " << laps << " laps, " << sessions << " session, "
                         << last - first << " s, speeds sum to " << speed_sum_mm_s / 1000
                         << " m, cadence up to " << max_cadence);
    CHECK(records == a.records.size());
    CHECK(laps == 3);
    CHECK(sessions == 1);
    CHECK(last - first == doctest::Approx(a.duration_s));
    CHECK(speed_sum_mm_s / 1000.0 == doctest::Approx(1850.0).epsilon(0.002)); // 1 s records
    CHECK(max_cadence == 82); // strides per minute of the 164 steps/min run

    bytes[bytes.size() / 2] ^= 0x5a; // one flipped byte: the file CRC no longer matches
    const auto corrupt = write_temp(bytes, "corrupt.fit");
    CHECK(run("gpsbabel -i garmin_fit -f " + corrupt.string() + " -o unicsv -F /dev/null")
              .exit_code != 0);
}

TEST_CASE("fit-file-parser (npm) reads the activity: duration, distance, cadence, laps") {
    const fs::path fit_dir = source_dir() / "tests" / "fit";
    if (!fs::exists(fit_dir / "npm" / "node_modules" / "fit-file-parser")) {
        const auto install = run("npm install --no-save --no-audit --no-fund --prefix " +
                                 (fit_dir / "npm").string() + " fit-file-parser@6");
        INFO(install.output);
        REQUIRE_MESSAGE(install.exit_code == 0, "npm could not install fit-file-parser");
    }
    const auto a = synthetic_activity();
    const auto file = write_temp(fit::encode_activity(a), "run-npm.fit");
    const auto r = run("node " + (fit_dir / "read_fit.js").string() + " " + file.string());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.output);
    CHECK(j["sport"] == "running");
    CHECK(j["sub_sport"] == "treadmill");
    CHECK(j["total_elapsed_time"].get<double>() == doctest::Approx(a.duration_s));
    CHECK(j["total_timer_time"].get<double>() == doctest::Approx(a.duration_s));
    CHECK(j["total_distance"].get<double>() == doctest::Approx(1850.0).epsilon(1e-4));
    CHECK(j["last_distance"].get<double>() == doctest::Approx(1850.0).epsilon(1e-4));
    CHECK(j["num_laps"] == 3);
    CHECK(j["laps"] == 3);
    CHECK(j["records"] == a.records.size());
    // FIT running cadence is strides per minute: 164 steps/min = 82.
    CHECK(j["cadences"][300].get<double>() == doctest::Approx(82.0).epsilon(0.02));
    CHECK(j["avg_cadence"].get<double>() * 2 == doctest::Approx(a.avg_cadence_spm).epsilon(0.02));
    CHECK(j["peak_force"].get<double>() == doctest::Approx(1.2));
    MESSAGE("fit-file-parser: " << r.output.substr(0, 300));
}
