// The simulated runner and plate with time driven by hand: the force curves have the
// features the issue asks for, and the plate + driver decoding + gait analysis recover
// the model's true cadence and loading rate.
#include "controller/gait/gait_analyzer.hpp"
#include "controller/gait/gait_summary.hpp"
#include "controller/recording/recording_error.hpp"
#include "drivers/forceplate/plate_calibrator.hpp"
#include "hw/sim/recording_replay.hpp"
#include "plate_test_support.hpp"

#include <algorithm>
#include <cmath>

using namespace tg;

namespace {

constexpr double g = 9.80665;

struct Trace {
    std::vector<double> total_n;
    std::vector<sim::DeckLoad> loads;
};

Trace drive(sim::RunnerModel& runner, double kmh, double from_s, double seconds) {
    Trace t;
    for (double time = from_s; time < from_s + seconds; time += 0.001) {
        t.loads.push_back(runner.update(time, kmh));
        t.total_n.push_back(t.loads.back().total_n());
    }
    return t;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

TEST_CASE("running: flight phases, cadence and peak force grow with speed") {
    double previous_cadence = 0, previous_peak = 0;
    for (double kmh : {8.0, 11.0, 14.0, 17.0}) {
        CAPTURE(kmh);
        sim::RunnerModel runner({}, 7);
        const Trace t = drive(runner, kmh, 0, 20);
        const double bw = 70 * g;
        // Between steps nobody touches the deck: a flight phase per step.
        std::size_t flights = 0;
        for (std::size_t i = 1; i < t.total_n.size(); ++i)
            flights += t.total_n[i - 1] > 0 && t.total_n[i] == 0 ? 1 : 0;
        const auto& truth = runner.truth();
        CHECK(flights >= truth.size() - 2);
        std::vector<double> cadence, peak;
        for (const auto& s : truth) {
            CHECK(s.running);
            cadence.push_back(s.cadence_spm);
            peak.push_back(s.stance.peak_bw);
        }
        const double measured_peak = *std::max_element(t.total_n.begin(), t.total_n.end()) / bw;
        CHECK(measured_peak == doctest::Approx(median(peak)).epsilon(0.05));
        CHECK(median(peak) >= 2.0);
        CHECK(median(peak) <= 3.0);
        CHECK(median(cadence) > previous_cadence);
        CHECK(median(peak) > previous_peak);
        CHECK(truth.size() == doctest::Approx(20 * median(cadence) / 60).epsilon(0.03));
        previous_cadence = median(cadence);
        previous_peak = median(peak);
    }
}

TEST_CASE("a rearfoot striker has an impact transient, a forefoot striker none") {
    sim::RunnerConfig cfg;
    sim::RunnerModel rear(cfg, 1);
    cfg.strike = sim::FootStrike::Forefoot;
    sim::RunnerModel fore(cfg, 1);
    (void)drive(rear, 12, 0, 3);
    (void)drive(fore, 12, 0, 3);
    const auto& r = rear.truth().back().stance;
    const auto& f = fore.truth().back().stance;
    CHECK(std::isfinite(r.impact_peak_bw));
    CHECK(r.impact_peak_bw > 1.2);
    CHECK(r.impact_peak_bw < r.peak_bw);
    CHECK_FALSE(std::isfinite(f.impact_peak_bw));
    // The impact makes the early loading much steeper.
    CHECK(r.valr_bw_s > 2 * f.valr_bw_s);
    CHECK(r.valr_bw_s > 40);
    CHECK(r.valr_bw_s < 150);
}

TEST_CASE("left and right feet alternate in the mediolateral centre of pressure") {
    sim::RunnerModel runner({}, 3);
    const Trace t = drive(runner, 10, 0, 5);
    int sign_changes = 0, previous = 0;
    for (const auto& load : t.loads) {
        if (load.total_n() < 100) continue;
        const double cop =
            (load.feet[0].force_n * load.feet[0].x_m + load.feet[1].force_n * load.feet[1].x_m) /
            load.total_n();
        const int sign = cop > 0 ? 1 : -1;
        sign_changes += previous != 0 && sign != previous ? 1 : 0;
        previous = sign;
    }
    CHECK(sign_changes >= static_cast<int>(runner.truth().size()) - 3);
}

TEST_CASE("walking below the walk/run speed: double support, the deck never unloads") {
    sim::RunnerModel runner({}, 5);
    (void)drive(runner, 4.5, 0, 2); // settle into the rhythm
    const Trace t = drive(runner, 4.5, 2, 10);
    const double bw = 70 * g;
    CHECK(*std::min_element(t.total_n.begin(), t.total_n.end()) > 0.3 * bw);
    std::size_t both_feet = 0;
    for (const auto& load : t.loads)
        both_feet += load.feet[0].force_n > 0 && load.feet[1].force_n > 0 ? 1 : 0;
    CHECK(both_feet > t.loads.size() / 10);
    CHECK_FALSE(runner.truth().back().running);
    // Mean force over whole steps is body weight (no net vertical acceleration).
    double sum = 0;
    for (double f : t.total_n)
        sum += f;
    CHECK(sum / static_cast<double>(t.total_n.size()) == doctest::Approx(bw).epsilon(0.03));
}

TEST_CASE("belt stopped: empty deck, or body weight when standing; off the belt: nothing") {
    sim::RunnerConfig cfg;
    sim::RunnerModel empty(cfg, 1);
    CHECK(empty.update(0, 0).total_n() == 0);
    cfg.standing = true;
    sim::RunnerModel standing(cfg, 1);
    CHECK(standing.update(0, 0).total_n() == doctest::Approx(70 * g));
    CHECK(standing.status_json()["runner"].is_null());
    CHECK(standing.status_json()["activity"] == "standing");
    // Runner steps off a moving belt: after the stance in progress, nothing.
    sim::RunnerModel runner({}, 1);
    (void)drive(runner, 10, 0, 2);
    runner.set_on_belt(false);
    const Trace off = drive(runner, 10, 2, 2);
    CHECK(*std::max_element(off.total_n.begin() + 400, off.total_n.end()) == 0);
    CHECK(runner.status_json()["activity"] == "off-belt");
    runner.set_on_belt(true);
    const Trace back = drive(runner, 10, 4, 2);
    CHECK(*std::max_element(back.total_n.begin(), back.total_n.end()) > 2 * 70 * g);
}

TEST_CASE("the runner is deterministic given the seed") {
    sim::RunnerModel a({}, 42), b({}, 42), c({}, 43);
    const Trace ta = drive(a, 12, 0, 10), tb = drive(b, 12, 0, 10), tc = drive(c, 12, 0, 10);
    CHECK(ta.total_n == tb.total_n);
    CHECK(ta.total_n != tc.total_n);
}

namespace {

// Tare, known-weight calibration, then `seconds` of running at `kmh` through the
// plate's FIFO, the driver's decoding and calibration, and the gait analysis.
struct PipelineResult {
    gait::GaitSummary summary;
    double truth_cadence = 0, truth_valr = 0;
    std::size_t steps = 0;
};

PipelineResult run_pipeline(double kmh, sim::FootStrike strike, double seconds) {
    sim::RunnerConfig cfg;
    cfg.strike = strike;
    testing::HandBench bench(cfg);
    auto& cal = bench.calibration();
    const auto empty = bench.mean_counts(500);
    forceplate::tare(cal, empty);
    bench.plate().set_static_load(80);
    const auto loaded = bench.mean_counts(500);
    REQUIRE_FALSE(forceplate::solve_common_gain(cal, empty, {loaded, 80}).has_value());
    bench.plate().set_static_load(0);

    bench.belt_kmh = kmh;
    (void)bench.mean_counts(3000); // settle into the rhythm
    bench.runner().reset_truth();
    gait::GaitConfig gc;
    gc.body_weight_n = 70 * g;
    gait::GaitAnalyzer analyzer(gc);
    std::vector<gait::StepEvent> steps;
    double t = 0;
    for (std::size_t n = 0; n < static_cast<std::size_t>(seconds * 1000);) {
        for (const auto& raw : bench.read_raw()) {
            const auto f = forceplate::plate_forces(cal, raw.counts);
            if (auto e = analyzer.update({t, f.total_n, f.cop_ml_m})) steps.push_back(*e);
            t += 0.001;
            ++n;
        }
    }
    PipelineResult r;
    r.summary = gait::summarize(steps);
    const auto truth = bench.runner().status_json()["truth"];
    r.truth_cadence = truth["cadence_spm"];
    r.truth_valr = truth["valr_bw_s"];
    r.steps = truth["steps"];
    return r;
}

} // namespace

TEST_CASE("plate + driver maths + gait analysis recover the model's cadence and loading rate") {
    for (double kmh : {9.0, 12.0, 16.0}) {
        for (auto strike : {sim::FootStrike::Rearfoot, sim::FootStrike::Forefoot}) {
            CAPTURE(kmh);
            const std::string strike_name = sim::to_string(strike);
            CAPTURE(strike_name);
            const auto r = run_pipeline(kmh, strike, 60);
            MESSAGE("km/h " << kmh << " " << sim::to_string(strike) << ": cadence "
                            << r.summary.cadence_spm << " vs " << r.truth_cadence << ", valr "
                            << (strike == sim::FootStrike::Rearfoot
                                    ? r.summary.valr_bw_s
                                    : r.summary.valr_stance_3_12_bw_s)
                            << " vs " << r.truth_valr);
            CHECK(r.summary.running_steps + 3 >= r.steps);
            CHECK(std::abs(r.summary.cadence_spm - r.truth_cadence) < 1.0);
            const double valr = strike == sim::FootStrike::Rearfoot
                                    ? r.summary.valr_bw_s
                                    : r.summary.valr_stance_3_12_bw_s;
            CHECK(valr == doctest::Approx(r.truth_valr).epsilon(0.05));
        }
    }
}

TEST_CASE("a replayed recording loops, keeps its CoP side, and stops when the runner steps off") {
    recording::ForceRecording rec;
    rec.source = "in-memory";
    rec.sample_rate_hz = 100;
    for (int i = 0; i < 100; ++i) { // 1 s: 0..990 N, CoP right for the first half
        rec.time_s.push_back(5.0 + i * 0.01);
        rec.vertical_force_n.push_back(10.0 * i);
        rec.cop_ml_m.push_back(i < 50 ? 0.05 : -0.05);
    }
    sim::RecordingReplay replay(rec);
    CHECK(replay.duration_s() == doctest::Approx(1.0));
    CHECK(replay.update(0.0, 0).total_n() == doctest::Approx(0));
    CHECK(replay.update(0.255, 0).total_n() == doctest::Approx(255)); // interpolated
    const auto right = replay.update(0.3, 0);
    CHECK(right.feet[1].force_n == doctest::Approx(300));
    CHECK(right.feet[1].x_m == doctest::Approx(0.05));
    CHECK(replay.update(0.8, 0).feet[0].x_m == doctest::Approx(-0.05));
    CHECK(replay.update(1.3, 0).total_n() == doctest::Approx(300)); // the second loop
    CHECK(replay.status_json()["loops"] == 1);
    replay.set_on_belt(false);
    CHECK(replay.update(1.4, 0).total_n() == 0);
    recording::ForceRecording tiny;
    tiny.time_s = {0};
    tiny.vertical_force_n = {1};
    CHECK_THROWS_AS(sim::RecordingReplay{tiny}, recording::RecordingError);
}
