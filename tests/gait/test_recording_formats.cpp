#include "controller/cli/command.hpp"
#include "controller/recording/force_recording.hpp"
#include "controller/recording/recording_error.hpp"
#include "controller/recording/recording_format.hpp"
#include "synthetic_gait.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace tg;

namespace {

// A file in a fresh temporary folder, removed with the object.
class TempFile {
public:
    TempFile(const std::string& name, const std::string& content) {
        dir_ = fs::temp_directory_path() /
               ("tg_gait_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
        fs::create_directories(dir_);
        path_ = dir_ / name;
        std::ofstream(path_) << content;
    }
    ~TempFile() { fs::remove_all(dir_); }
    std::string path() const { return path_.string(); }

private:
    static inline int counter_ = 0;
    fs::path dir_, path_;
};

std::string error_of(const std::string& path, const recording::LoadOptions& options) {
    try {
        recording::load_force_recording(path, options);
    } catch (const recording::RecordingError& e) {
        return e.what();
    }
    return "no error";
}

std::string running_recording_text(bool with_cop, std::optional<double> mass) {
    gait::test::RunningSpec spec;
    spec.rate_hz = 500.0;
    spec.impact_peak_bw = 0.6;
    spec.step_width_m = with_cop ? 0.1 : 0.0;
    const auto syn = gait::test::make_running(spec);
    std::ostringstream out;
    recording::RecordingMetadata meta;
    meta.sample_rate_hz = 500.0;
    meta.body_mass_kg = mass;
    meta.extra["runner"] = "r-17";
    recording::RecordingWriter writer(out, meta, with_cop);
    for (const auto& s : syn.samples)
        writer.write(s);
    return out.str();
}

struct CliRun {
    int code;
    std::string out, err;
};

CliRun treadguard(std::vector<std::string> args) {
    std::ostringstream out, err;
    const int code = cli::dispatch(args, out, err);
    return {code, out.str(), err.str()};
}

} // namespace

TEST_CASE("treadguard recording: write, read back, metadata") {
    const TempFile file("session.csv", running_recording_text(true, 71.4));
    const auto rec = recording::load_force_recording(file.path(), {});
    CHECK(rec.format == "treadguard");
    CHECK(rec.sample_rate_hz == 500.0);
    CHECK(rec.body_mass_kg == doctest::Approx(71.4));
    CHECK(rec.side_source == "cop");
    REQUIRE(rec.size() > 7000);
    CHECK(rec.time_s[1] == doctest::Approx(0.002));
    CHECK(std::isnan(rec.cop_ml_m[0])); // no CoP in flight: written as an empty field
    CHECK_FALSE(rec.sample(0).cop_ml_m.has_value());

    std::ostringstream bad;
    recording::RecordingMetadata meta;
    meta.sample_rate_hz = 1000.0;
    meta.extra["note"] = "a;b";
    CHECK_THROWS_AS(recording::RecordingWriter(bad, meta, false), std::invalid_argument);
}

TEST_CASE("delimited text: header, frame numbers, rate checks and clear errors") {
    const TempFile file("trial.txt",
                        "Time\tFy\tCOPz\n1\t0\t900\n2\t10\t901\n3\t20\t902\n4\t-5\t903\n");
    recording::LoadOptions o;
    o.sample_rate_hz = 300.0;
    o.force_columns = {"Fy"};
    o.time_is_frame = true;
    const auto rec = recording::load_force_recording(file.path(), o);
    CHECK(rec.format == "columns");
    CHECK(rec.time_s[3] == doctest::Approx(3.0 / 300.0));
    CHECK(rec.vertical_force_n[2] == 20.0);
    CHECK(rec.side_source == "none");

    o.time_is_frame = false;
    CHECK(error_of(file.path(), o).find("--time-is-frame") != std::string::npos);
    o.time_is_frame = true;
    o.sample_rate_hz = 2.0;
    CHECK(error_of(file.path(), o).find("absurd sample rate 2 Hz") != std::string::npos);
    o.sample_rate_hz = 300.0;
    o.force_columns = {"Fq"};
    CHECK(error_of(file.path(), o).find("no column 'Fq' (columns: Time, Fy, COPz)") !=
          std::string::npos);
    o.force_columns = {};
    CHECK(error_of(file.path(), o).find("--fz") != std::string::npos);
    o.force_columns = {"2"}; // by 1-based number
    CHECK(recording::load_force_recording(file.path(), o).force_columns.front() == "Fy");

    const TempFile broken("broken.csv", "time,fz\n0.000,1\n0.001,abc\n");
    recording::LoadOptions b;
    b.force_columns = {"fz"};
    CHECK(error_of(broken.path(), b) == broken.path() + ":3: column fz: not a number: 'abc'");
    const TempFile ragged("ragged.csv", "time,fz\n0.000,1\n0.001\n");
    CHECK(error_of(ragged.path(), b) == ragged.path() + ":3: expected 2 values, found 1");
    const TempFile backwards("back.csv", "time,fz\n0.000,1\n0.002,1\n0.001,1\n");
    CHECK(error_of(backwards.path(), b).find(":4: time does not increase") != std::string::npos);
    CHECK(error_of("/no/such/file.csv", b) ==
          "/no/such/file.csv: cannot open: No such file or directory");
    const TempFile empty("empty.csv", "# only a comment\n");
    CHECK(error_of(empty.path(), b).find("no data") != std::string::npos);
}

TEST_CASE("OpenSim .mot: *_vy summed, left/right channels give the side") {
    std::string text =
        "name x\ndatacolumns 3\nendheader\ntime\tR_ground_force_vy\tL_ground_force_vy\n";
    for (int i = 0; i < 20; ++i)
        text += std::to_string(0.001 * i) + "\t" + (i < 10 ? "800" : "0") + "\t" +
                (i < 10 ? "0" : "600") + "\n";
    const TempFile file("run.mot", text);
    const auto rec = recording::load_force_recording(file.path(), {});
    CHECK(rec.format == "opensim");
    CHECK(rec.sample_rate_hz == doctest::Approx(1000.0));
    CHECK(rec.force_columns == std::vector<std::string>{"R_ground_force_vy", "L_ground_force_vy"});
    CHECK(rec.side_source == "channels");
    CHECK(rec.cop_ml_m[0] > 0.0);  // right
    CHECK(rec.cop_ml_m[15] < 0.0); // left
    CHECK(rec.vertical_force_n[15] == 600.0);

    const TempFile no_header("bad.mot", "time\tfx\n0\t1\n");
    CHECK(error_of(no_header.path(), {}).find("endheader") != std::string::npos);
}

TEST_CASE("one record per line: auto-detected without a header, --row chooses, BW units") {
    std::string text;
    for (int row = 0; row < 3; ++row) {
        for (int i = 0; i < 150; ++i)
            text += (i ? "," : "") + std::to_string(row + 0.01 * i);
        text += "\n";
    }
    const TempFile file("trials.csv", text);
    recording::LoadOptions o;
    o.sample_rate_hz = 500.0;
    CHECK(error_of(file.path(), o)
              .find("holds 3 records, one per line; choose one with --row N (1-3)") !=
          std::string::npos);
    o.row = 2;
    o.unit = recording::ForceUnit::body_weights;
    CHECK(error_of(file.path(), o).find("need --mass") != std::string::npos);
    o.body_mass_kg = 80.0;
    const auto rec = recording::load_force_recording(file.path(), o);
    CHECK(rec.format == "rows");
    CHECK(rec.size() == 150);
    CHECK(rec.vertical_force_n[0] == doctest::Approx(1.0 * 80.0 * 9.80665));
    CHECK(rec.time_s[149] == doctest::Approx(149.0 / 500.0));
    o.row = 4;
    CHECK(error_of(file.path(), o).find("outside 1-3") != std::string::npos);
}

TEST_CASE("treadguard analyze: JSON report, per-step, help and errors") {
    const TempFile file("session.csv", running_recording_text(true, 71.4));
    const CliRun ok = treadguard({"analyze", "--steps", file.path()});
    REQUIRE(ok.code == 0);
    CHECK(ok.err.empty());
    const auto j = nlohmann::json::parse(ok.out);
    for (const char* key : {"steps", "cadence_spm", "contact_time_s", "peak_force_bw",
                            "impact_peak_bw", "valr_bw_s", "vilr_bw_s", "steps_with_impact_peak",
                            "symmetry_index", "per_step", "loading_rate_method"})
        CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["steps"] == 40);
    CHECK(j["cadence_spm"].get<double>() == doctest::Approx(60.0 / 0.36).epsilon(0.01));
    CHECK(j["body_weight_source"] == "configured");
    CHECK(j["steps_with_impact_peak"] == 40);
    CHECK(j["per_step"].size() == 40);
    CHECK(j["symmetry_index"]["side_source"] == "cop");
    CHECK(j["loading_rate_method"]["filter"].get<std::string>().find("50 Hz") != std::string::npos);

    const CliRun no_steps = treadguard({"analyze", "--mass=70", file.path()});
    CHECK_FALSE(nlohmann::json::parse(no_steps.out).contains("per_step"));

    const CliRun help = treadguard({"analyze", "--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("--time-is-frame") != std::string::npos);
    CHECK(help.out.find("one record per line") != std::string::npos);

    const CliRun top = treadguard({"--help"});
    CHECK(top.code == 0);
    CHECK(top.out.find("analyze") != std::string::npos);

    CHECK(treadguard({"frobnicate"}).code == 2);
    CHECK(treadguard({}).code == 2);
    const CliRun usage = treadguard({"analyze", "--rate"});
    CHECK(usage.code == 2);
    CHECK(usage.err == "treadguard analyze: --rate needs a value\n");
    const CliRun missing = treadguard({"analyze", "/no/such.csv"});
    CHECK(missing.code == 1);
    CHECK(missing.err ==
          "treadguard analyze: /no/such.csv: cannot open: No such file or directory\n");
    CHECK(missing.out.empty());
    const CliRun bad_cutoff = treadguard({"analyze", "--cutoff", "400", file.path()});
    CHECK(bad_cutoff.code == 1);
    CHECK(bad_cutoff.err.find("cut-off") != std::string::npos);
    CHECK(std::count(bad_cutoff.err.begin(), bad_cutoff.err.end(), '\n') == 1);
}

TEST_CASE("treadguard analyze: no mass anywhere -> body weight estimated, still normalised") {
    const TempFile file("session.csv", running_recording_text(false, std::nullopt));
    const CliRun r = treadguard({"analyze", file.path()});
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["body_weight_source"] == "step_cycles");
    CHECK(j["peak_force_bw"].is_number());
    CHECK(j["symmetry_index"].is_null()); // no CoP, no channels: sides unknown
}
