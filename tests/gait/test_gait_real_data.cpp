// Validation on real running recordings in $TG_SHARED_DIR/data/grf (see SOURCES.md
// there). Expected values come from the dataset authors (peak force curves, masses,
// foot-strike labels) and from an independent offline method written out below.
#include "controller/gait/gait_summary.hpp"
#include "controller/recording/force_recording.hpp"
#include "controller/recording/recording_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace tg;

namespace {

constexpr double g = 9.80665;

std::optional<fs::path> data_dir() {
    const char* shared = std::getenv("TG_SHARED_DIR");
    if (!shared) return std::nullopt;
    const fs::path dir = fs::path(shared) / "data" / "grf";
    if (!fs::is_directory(dir)) return std::nullopt;
    return dir;
}

#define REQUIRE_DATA(dir)                                                                          \
    const auto dir = data_dir();                                                                   \
    if (!dir) {                                                                                    \
        MESSAGE("SKIPPED: real GRF data not found (set TG_SHARED_DIR to the folder holding "       \
                "data/grf)");                                                                      \
        return;                                                                                    \
    }

// Tab-separated text table with a header, as strings (RBDSinfo has text columns).
std::vector<std::map<std::string, std::string>> read_tsv(const fs::path& path) {
    std::ifstream in(path);
    REQUIRE_MESSAGE(in, "cannot open " << path);
    auto split = [](const std::string& line) {
        std::vector<std::string> out;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, '\t'))
            out.push_back(field);
        return out;
    };
    std::string line;
    std::getline(in, line);
    const auto header = split(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto fields = split(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i)
            row[header[i]] = fields[i];
        rows.push_back(row);
    }
    return rows;
}

// ---- Independent method: zero-phase moving averages + whole-signal peak picking ----
// Not the streaming analyser's threshold crossings: every step has one highest force
// maximum. Steps: the maxima of a centred 15 ms moving average that exceed 1 BW,
// strongest first, at least 0.2 s apart. Peak height: the maximum of a centred ~9 ms
// moving average (about the bandwidth of a 50 Hz low-pass, so impact transients keep
// their height) within 50 ms of each step's maximum.
struct Independent {
    std::size_t steps = 0;
    double cadence_spm = 0.0;
    double median_peak_bw = 0.0;
};

std::vector<double> centred_mean(const std::vector<double>& x, double width_s, double rate) {
    const int half = std::max(1, static_cast<int>(std::lround(0.5 * width_s * rate)));
    const int n = static_cast<int>(x.size());
    std::vector<double> out(x.size());
    for (int i = 0; i < n; ++i) {
        double sum = 0.0;
        int count = 0;
        for (int k = std::max(0, i - half); k <= std::min(n - 1, i + half); ++k, ++count)
            sum += x[static_cast<std::size_t>(k)];
        out[static_cast<std::size_t>(i)] = sum / count;
    }
    return out;
}

std::vector<int> pick_peaks(const std::vector<double>& smooth, double level, int min_gap) {
    std::vector<int> candidates;
    for (std::size_t i = 1; i + 1 < smooth.size(); ++i)
        if (smooth[i] > level && smooth[i] >= smooth[i - 1] && smooth[i] > smooth[i + 1])
            candidates.push_back(static_cast<int>(i));
    std::sort(candidates.begin(), candidates.end(), [&](int a, int b) {
        return smooth[static_cast<std::size_t>(a)] > smooth[static_cast<std::size_t>(b)];
    });
    std::vector<int> peaks;
    for (int c : candidates)
        if (std::none_of(peaks.begin(), peaks.end(),
                         [&](int p) { return std::abs(p - c) < min_gap; }))
            peaks.push_back(c);
    std::sort(peaks.begin(), peaks.end());
    return peaks;
}

Independent independent_steps(const std::vector<double>& force, double rate, double bw) {
    const auto coarse = centred_mean(force, 0.015, rate);
    const auto fine = centred_mean(force, 0.009, rate);
    const auto peaks = pick_peaks(coarse, bw, static_cast<int>(0.2 * rate));
    Independent out;
    out.steps = peaks.size();
    std::vector<double> intervals, heights;
    for (std::size_t i = 1; i < peaks.size(); ++i)
        intervals.push_back((peaks[i] - peaks[i - 1]) / rate);
    const int reach = static_cast<int>(0.05 * rate);
    const int n = static_cast<int>(fine.size());
    for (int p : peaks) {
        double height = 0.0;
        for (int k = std::max(0, p - reach); k <= std::min(n - 1, p + reach); ++k)
            height = std::max(height, fine[static_cast<std::size_t>(k)]);
        heights.push_back(height / bw);
    }
    out.cadence_spm = 60.0 / gait::median_of_finite(intervals);
    out.median_peak_bw = gait::median_of_finite(heights);
    return out;
}

struct Result {
    recording::ForceRecording rec;
    recording::RecordingAnalysis analysis;
    gait::GaitSummary summary;
    Independent reference;
};

Result analyse(const fs::path& file, const recording::LoadOptions& options) {
    Result r;
    r.rec = recording::load_force_recording(file, options);
    gait::GaitConfig config;
    config.filter_cutoff_hz = recording::default_filter_cutoff_hz(r.rec.sample_rate_hz);
    r.analysis = recording::analyze_recording(r.rec, config);
    r.summary = gait::summarize(r.analysis.steps);
    r.reference =
        independent_steps(r.rec.vertical_force_n, r.rec.sample_rate_hz, r.analysis.body_weight_n);
    MESSAGE(file.filename().string()
            << (options.row ? " row " + std::to_string(*options.row) : std::string()) << ": steps "
            << r.summary.steps << " (independent " << r.reference.steps << "), cadence "
            << r.summary.cadence_spm << " spm (independent " << r.reference.cadence_spm
            << "), peak " << r.summary.peak_force_bw << " BW, contact " << r.summary.contact_time_s
            << " s, impact peaks " << r.summary.steps_with_impact_peak << ", VALR "
            << r.summary.valr_bw_s << ", VALR 3-12 " << r.summary.valr_stance_3_12_bw_s);
    return r;
}

// Agreement with the independent method, for every recording.
void check_against_independent(const Result& r) {
    // The analyser skips a stance cut by the start or the end of the record.
    CHECK(static_cast<double>(r.summary.steps) >= r.reference.steps - 2.0);
    CHECK(r.summary.steps <= r.reference.steps);
    CHECK(r.summary.cadence_spm == doctest::Approx(r.reference.cadence_spm).epsilon(0.02));
    CHECK(std::abs(r.summary.peak_force_bw - r.reference.median_peak_bw) < 0.10);
    CHECK(r.summary.contact_time_s > 0.15);
    CHECK(r.summary.contact_time_s < 0.35);
    CHECK(r.summary.walking_steps == 0);
}

} // namespace

TEST_CASE("Fukuchi 2017: 7 runners x 3 speeds against the authors' curves and masses") {
    REQUIRE_DATA(dir);
    const fs::path folder = *dir / "fukuchi2017_RBDS";
    std::map<int, double> mass;
    std::map<std::string, std::string> foot_strike; // "003 25 R" -> Rearfoot
    for (const auto& row : read_tsv(folder / "RBDSinfo.txt")) {
        const int subject = std::stoi(row.at("Subject"));
        mass[subject] = std::stod(row.at("Mass"));
        for (const char* speed : {"25", "35", "45"})
            for (const char* side : {"R", "L"})
                foot_strike[std::to_string(subject) + " " + speed + " " + side] =
                    row.at(std::string(side) + "FSI" + speed);
    }

    int trials = 0;
    for (int subject : {1, 3, 8, 14, 17, 18, 28}) {
        char id[8];
        std::snprintf(id, sizeof id, "%03d", subject);
        const auto processed = read_tsv(folder / (std::string("RBDS") + id + "processed.txt"));
        for (const char* speed : {"25", "35", "45"}) {
            const fs::path file =
                folder / (std::string("RBDS") + id + "runT" + speed + "forces.txt");
            CAPTURE(file.filename().string());
            recording::LoadOptions options;
            options.sample_rate_hz = 300.0;
            options.force_columns = {"Fy"};
            options.time_is_frame = true;
            options.cop_column = "COPz";
            options.cop_scale = 0.001;
            REQUIRE(mass.count(subject) == 1);
            options.body_mass_kg = mass[subject];
            const Result r = analyse(file, options);
            ++trials;
            check_against_independent(r);

            // The authors' mean gait-cycle curves (N/kg): peak vertical force per limb.
            double right = 0.0, left = 0.0;
            for (const auto& row : processed) {
                right = std::max(right, std::stod(row.at(std::string("RgrfY") + speed)));
                left = std::max(left, std::stod(row.at(std::string("LgrfY") + speed)));
            }
            const double published_bw = 0.5 * (right + left) / g;
            CHECK(std::abs(r.summary.peak_force_bw - published_bw) < 0.15);

            // Both sides seen from the CoP, in nearly equal numbers.
            const auto& sym = r.summary.symmetry;
            CHECK(sym.left_steps + sym.right_steps > r.summary.steps / 2);
            CHECK(std::abs(static_cast<double>(sym.left_steps) -
                           static_cast<double>(sym.right_steps)) <= 3.0);

            // Foot-strike labels: forefoot strikers on both sides show (almost) no impact peak.
            const std::string key = std::to_string(subject) + " " + speed;
            const double impact_share = static_cast<double>(r.summary.steps_with_impact_peak) /
                                        static_cast<double>(r.summary.steps);
            if (foot_strike[key + " R"] == "Forefoot" && foot_strike[key + " L"] == "Forefoot")
                CHECK(impact_share < 0.1);
            if (std::string(speed) == "45" && foot_strike[key + " R"] == "Rearfoot" &&
                foot_strike[key + " L"] == "Rearfoot")
                CHECK(impact_share > 0.5);
            if (r.summary.steps_with_impact_peak > 0) {
                CHECK(r.summary.valr_bw_s > 30.0);
                CHECK(r.summary.valr_bw_s < 200.0);
                CHECK(r.summary.vilr_bw_s >= r.summary.valr_bw_s);
            }
        }
    }
    CHECK(trials == 21);
}

TEST_CASE("Fukuchi 2017: body weight estimated from step cycles is within 5 % of the scale") {
    REQUIRE_DATA(dir);
    const fs::path file = *dir / "fukuchi2017_RBDS" / "RBDS003runT35forces.txt";
    recording::LoadOptions options;
    options.sample_rate_hz = 300.0;
    options.force_columns = {"Fy"};
    options.time_is_frame = true;
    const Result r = analyse(file, options);
    CHECK(r.analysis.body_weight_source == gait::BodyWeightSource::step_cycles);
    CHECK(r.analysis.body_weight_n == doctest::Approx(65.4 * g).epsilon(0.05));
    CHECK(r.summary.cadence_spm == doctest::Approx(162.2).epsilon(0.01));
}

TEST_CASE("Hamner & Delp 2013: 1000 Hz OpenSim files with left and right channels") {
    REQUIRE_DATA(dir);
    int trials = 0;
    double previous_contact_s = 1.0, previous_cadence = 0.0;
    for (int run : {2, 3, 4, 5}) {
        const fs::path file =
            *dir / "hamner2013_subject01" / ("Run_" + std::to_string(run) + "_grf.mot");
        CAPTURE(file.filename().string());
        recording::LoadOptions options;
        options.body_mass_kg = 72.84;
        const Result r = analyse(file, options);
        ++trials;
        CHECK(r.rec.sample_rate_hz == doctest::Approx(1000.0));
        CHECK(r.rec.side_source == "channels");
        check_against_independent(r);
        // Sides from the channels strictly alternate.
        const auto& steps = r.analysis.steps;
        for (std::size_t k = 2; k < steps.size(); ++k) {
            CHECK(steps[k].side != gait::FootSide::unknown);
            CHECK(steps[k].side != steps[k - 1].side);
        }
        // Faster running (2, 3, 4, 5 m/s): shorter contact, higher cadence.
        CHECK(r.summary.contact_time_s < previous_contact_s);
        CHECK(r.summary.cadence_spm > previous_cadence);
        previous_contact_s = r.summary.contact_time_s;
        previous_cadence = r.summary.cadence_spm;
    }
    CHECK(trials == 4);
}

TEST_CASE("Alcantara 2022: 31 records of one runner, one record per line, in BW") {
    REQUIRE_DATA(dir);
    const fs::path file = *dir / "alcantara2022" / "GRF_one_sub.csv";
    std::size_t rows = 0;
    {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line))
            rows += !line.empty();
    }
    REQUIRE(rows == 31);
    for (std::size_t row = 1; row <= rows; ++row) {
        CAPTURE(row);
        recording::LoadOptions options;
        options.sample_rate_hz = 500.0;
        options.row = row;
        options.unit = recording::ForceUnit::body_weights;
        options.body_mass_kg = 76.8;
        const Result r = analyse(file, options);
        CHECK(r.rec.format == "rows");
        check_against_independent(r);
        CHECK(r.summary.steps >= 10);
        CHECK(r.summary.peak_force_bw > 1.8);
        CHECK(r.summary.peak_force_bw < 3.2);
    }
}
