#include "controller/gait/contact_detector.hpp"
#include "controller/gait/gait_summary.hpp"
#include "controller/gait/low_pass_filter.hpp"
#include "controller/gait/stance_analysis.hpp"
#include "controller/gait/symmetry_index.hpp"
#include "gait_test_support.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <numbers>
#include <stdexcept>

using namespace tg::gait;
using namespace tg::gait::test;

namespace {

// Every synthetic strike must be found once, at the right time, with the right contact.
void check_running(const RunningSpec& spec, const std::vector<StepEvent>& steps,
                   double time_tolerance_s) {
    const Synthetic truth = make_running(spec);
    REQUIRE(steps.size() == truth.strike_times_s.size());
    for (std::size_t k = 0; k < steps.size(); ++k) {
        CAPTURE(k);
        CHECK(steps[k].mode == GaitMode::running);
        CHECK(std::abs(steps[k].strike_time_s - truth.strike_times_s[k]) < time_tolerance_s);
        CHECK(std::abs(steps[k].contact_time_s - spec.contact_time_s) < 2 * time_tolerance_s);
        if (k > 0) CHECK(steps[k].step_time_s == doctest::Approx(spec.step_time_s).epsilon(0.02));
    }
}

double mean_peak_bw(const std::vector<StepEvent>& steps) {
    double sum = 0.0;
    for (const auto& s : steps)
        sum += s.peak_force_bw;
    return sum / static_cast<double>(steps.size());
}

} // namespace

TEST_CASE("low-pass filter: unity DC gain, attenuates well above the cut-off") {
    LowPassFilter filter(50.0, 1000.0);
    double y = 0.0;
    for (int i = 0; i < 200; ++i)
        y = filter.update(100.0);
    CHECK(y == doctest::Approx(100.0).epsilon(1e-6));

    LowPassFilter fast(50.0, 1000.0);
    double peak = 0.0;
    for (int i = 0; i < 2000; ++i) {
        const double out = fast.update(std::sin(2.0 * std::numbers::pi * 250.0 * i / 1000.0));
        if (i > 500) peak = std::max(peak, std::abs(out));
    }
    CHECK(peak < 0.05); // 2nd order: about -28 dB at 5 x the cut-off

    LowPassFilter off(0.0, 1000.0);
    CHECK(off.update(42.0) == 42.0);
}

TEST_CASE("contact detector: persistence rejects spikes, hysteresis and interpolated times") {
    ContactDetector d(50.0, 30.0, 0.020);
    const double dt = 0.001;
    int strikes = 0, toe_offs = 0;
    double strike_t = 0.0, toe_off_t = 0.0;
    auto feed = [&](double t, double f) {
        const auto tr = d.update(t, f);
        if (tr.kind == ContactTransition::Kind::strike) ++strikes, strike_t = tr.time_s;
        if (tr.kind == ContactTransition::Kind::toe_off) ++toe_offs, toe_off_t = tr.time_s;
    };
    double t = 0.0;
    for (int i = 0; i < 50; ++i, t += dt)
        feed(t, 0.0);
    for (int i = 0; i < 10; ++i, t += dt)
        feed(t, 200.0); // 10 ms spike
    for (int i = 0; i < 50; ++i, t += dt)
        feed(t, 0.0);
    CHECK(strikes == 0);

    const double rise_start = t;
    for (int i = 0; i <= 100; ++i, t += dt)
        feed(t, 10.0 * i); // ramp 10 N per ms
    CHECK(strikes == 1);
    CHECK(strike_t == doctest::Approx(rise_start + 0.005).epsilon(1e-6)); // 50 N at 5 ms
    for (int i = 0; i < 100; ++i, t += dt)
        feed(t, 40.0 + (i % 2) * 15.0); // between thresholds
    CHECK(toe_offs == 0);
    for (int i = 0; i < 30; ++i, t += dt)
        feed(t, 0.0);
    CHECK(toe_offs == 1);
    CHECK(toe_off_t < t - 0.020);
}

TEST_CASE("contact detector: a recording that starts mid-stance reports no strike first") {
    ContactDetector d(50.0, 30.0, 0.02);
    int events = 0;
    double t = 0.0;
    for (int i = 0; i < 100; ++i, t += 0.001)
        events += d.update(t, 1500.0).kind != ContactTransition::Kind::none;
    for (int i = 0; i < 100; ++i, t += 0.001)
        events += d.update(t, 0.0).kind != ContactTransition::Kind::none;
    CHECK(events == 0);
    CHECK(d.armed());
}

TEST_CASE("stance analysis: impact peak with 20-80 % loading rate; 3-12 % without") {
    const double rate = 1000.0;
    const double contact = 0.25;
    auto stance = [&](double impact_n) {
        std::vector<ForcePoint> pts;
        for (int i = 0; i <= 250; ++i) {
            const double t = i / rate, u = t / contact;
            const double z = (u - 0.1) / 0.025;
            pts.push_back(
                {t, 1750.0 * std::sin(std::numbers::pi * u) + impact_n * std::exp(-0.5 * z * z)});
        }
        return pts;
    };
    const auto rear = stance(560.0);
    const auto m = analyze_stance(rear, 0.0, contact, {});
    REQUIRE(m.has_impact_peak);
    CHECK(m.impact_peak_time_s == doctest::Approx(0.025).epsilon(0.15));
    CHECK(m.loading_rate_window == LoadingRateWindow::impact_20_80);
    // Truth from the same curve by brute force: times of 20 % and 80 % of the peak.
    double t20 = -1, t80 = -1;
    for (const auto& p : rear) {
        if (t20 < 0 && p.force_n >= 0.2 * m.impact_peak_n) t20 = p.time_s;
        if (t80 < 0 && p.force_n >= 0.8 * m.impact_peak_n) t80 = p.time_s;
    }
    CHECK(m.valr_n_s == doctest::Approx(0.6 * m.impact_peak_n / (t80 - t20)).epsilon(0.05));
    CHECK(m.vilr_n_s >= m.valr_n_s);
    CHECK(m.peak_force_n == doctest::Approx(1750.0).epsilon(0.01));

    const auto fore = stance(0.0);
    const auto f = analyze_stance(fore, 0.0, contact, {});
    CHECK_FALSE(f.has_impact_peak);
    CHECK(f.loading_rate_window == LoadingRateWindow::stance_3_12);
    const double expected =
        1750.0 * (std::sin(std::numbers::pi * 0.12) - std::sin(std::numbers::pi * 0.03)) /
        (0.09 * contact);
    CHECK(f.valr_n_s == doctest::Approx(expected).epsilon(0.01));
}

TEST_CASE("running: clean signal at 1 kHz and 300 Hz") {
    for (double rate : {1000.0, 300.0}) {
        CAPTURE(rate);
        RunningSpec spec;
        spec.rate_hz = rate;
        const auto steps = run(config_for(rate, 700.0), make_running(spec).samples);
        check_running(spec, steps, 1.5 / rate + 0.002);
        CHECK(mean_peak_bw(steps) == doctest::Approx(2.5).epsilon(0.03));
        CHECK(steps.back().cadence_spm == doctest::Approx(60.0 / 0.36).epsilon(0.01));
    }
}

TEST_CASE("running: robust to +-50 N offsets, clipped flight and noise") {
    struct Case {
        double offset, noise;
        bool clip;
    };
    for (const Case c : {Case{50.0, 0.0, false}, Case{-50.0, 0.0, false}, Case{-50.0, 0.0, true},
                         Case{0.0, 40.0, true}, Case{50.0, 40.0, false}, Case{-50.0, 40.0, true}}) {
        CAPTURE(c.offset);
        CAPTURE(c.noise);
        CAPTURE(c.clip);
        RunningSpec spec;
        spec.offset_n = c.offset;
        spec.noise_n = c.noise;
        spec.clip_at_zero = c.clip;
        const auto steps = run(config_for(1000.0, 700.0), make_running(spec).samples);
        // The baseline absorbs an offset; clipping a negative offset cannot be undone, so
        // the strike comes when the true force reaches 100 N (~2 ms later here).
        check_running(spec, steps, c.clip && c.offset < 0.0 ? 0.0065 : 0.004);
        const double expected_bw = c.offset > 0.0 || !c.clip ? 2.5 : 2.5 + c.offset / 700.0;
        CHECK(mean_peak_bw(steps) == doctest::Approx(expected_bw).epsilon(0.03));
    }
}

TEST_CASE("running: rearfoot strikes show an impact peak, forefoot strikes do not") {
    RunningSpec rear;
    rear.impact_peak_bw = 0.8;
    const auto rear_steps = run(config_for(1000.0, 700.0), make_running(rear).samples);
    REQUIRE(rear_steps.size() == 40);
    for (const auto& s : rear_steps) {
        CHECK(s.has_impact_peak);
        CHECK(s.loading_rate_window == LoadingRateWindow::impact_20_80);
        CHECK(s.valr_bw_s > 40.0);
        CHECK(s.vilr_bw_s >= s.valr_bw_s);
    }
    RunningSpec fore;
    const auto fore_steps = run(config_for(1000.0, 700.0), make_running(fore).samples);
    REQUIRE(fore_steps.size() == 40);
    for (const auto& s : fore_steps) {
        CHECK_FALSE(s.has_impact_peak);
        CHECK(s.loading_rate_window == LoadingRateWindow::stance_3_12);
    }
    const auto rs = summarize(rear_steps), fs = summarize(fore_steps);
    CHECK(rs.steps_with_impact_peak == 40);
    CHECK(fs.steps_with_impact_peak == 0);
    CHECK(std::isnan(fs.valr_bw_s));
    CHECK(fs.valr_stance_3_12_bw_s > 0.0);
}

TEST_CASE("running: left and right from the CoP, also while the runner drifts sideways") {
    for (double drift : {0.0, 0.03, -0.03}) {
        CAPTURE(drift);
        RunningSpec spec;
        spec.drift_m_per_s = drift; // 3 cm/s: the whole step width in ~3 s
        const Synthetic syn = make_running(spec);
        const auto steps = run(config_for(1000.0, 700.0), syn.samples);
        REQUIRE(steps.size() == syn.sides.size());
        CHECK(steps[0].side == FootSide::unknown);
        for (std::size_t k = 1; k < steps.size(); ++k) {
            CAPTURE(k);
            CHECK(steps[k].side == syn.sides[k]);
        }
    }
    RunningSpec no_cop;
    no_cop.step_width_m = 0.0;
    for (const auto& s : run(config_for(1000.0, 700.0), make_running(no_cop).samples))
        CHECK(s.side == FootSide::unknown);
}

TEST_CASE("running: symmetry index from per-side values") {
    CHECK(symmetry_index_pct(110.0, 100.0) == doctest::Approx(100.0 * 10.0 / 105.0));
    CHECK(symmetry_index_pct(100.0, 100.0) == 0.0);
    CHECK(std::isnan(symmetry_index_pct(100.0, std::nan(""))));

    // Make the right foot 10 % stronger: modify the right stances of a synthetic signal.
    RunningSpec spec;
    Synthetic syn = make_running(spec);
    for (auto& s : syn.samples)
        if (s.cop_ml_m && *s.cop_ml_m > 0.0) s.vertical_force_n *= 1.1;
    GaitAnalyzer analyzer(config_for(1000.0, 700.0));
    const auto steps = run(analyzer, syn.samples);
    const auto summary = summarize(steps);
    CHECK(summary.symmetry.right_steps == 19); // the first stance (right) has no side yet
    CHECK(summary.symmetry.left_steps == 20);
    CHECK(summary.symmetry.peak_force_pct == doctest::Approx(100.0 * 0.1 / 1.05).epsilon(0.05));
    CHECK(analyzer.rolling_symmetry().peak_force_pct ==
          doctest::Approx(100.0 * 0.1 / 1.05).epsilon(0.05));
    CHECK(std::abs(summary.symmetry.contact_time_pct) < 2.0);
}

TEST_CASE("walking: steps from CoP side changes and, without CoP, from force minima") {
    for (bool with_cop : {true, false}) {
        CAPTURE(with_cop);
        WalkingSpec spec;
        spec.with_cop = with_cop;
        const Synthetic syn = make_walking(spec);
        GaitAnalyzer analyzer(config_for(1000.0, 700.0));
        const std::vector<GaitSample> first_half(syn.samples.begin(),
                                                 syn.samples.begin() + syn.samples.size() / 2);
        auto steps = run(analyzer, first_half);
        CHECK(analyzer.mode() == GaitMode::walking);
        const std::vector<GaitSample> second_half(syn.samples.begin() + syn.samples.size() / 2,
                                                  syn.samples.end());
        for (const auto& s : run(analyzer, second_half))
            steps.push_back(s);
        // Walking is recognised after max_contact_s of continuous load; steps before that
        // and the last partial ones are not counted.
        CHECK(steps.size() >= 15);
        CHECK(steps.size() <= 21);
        for (const auto& s : steps)
            CHECK(s.mode == GaitMode::walking);
        const auto summary = summarize(steps);
        CHECK(summary.cadence_spm == doctest::Approx(60.0 / 0.55).epsilon(0.02));
        CHECK(summary.running_steps == 0);
        if (with_cop) {
            for (std::size_t k = 1; k < steps.size(); ++k)
                CHECK(steps[k].side != steps[k - 1].side);
            CHECK(summary.symmetry.left_steps > 5);
            CHECK(summary.symmetry.right_steps > 5);
        }
    }
}

TEST_CASE("body weight: quiet standing first, else the mean force over step cycles") {
    RunningSpec spec;
    spec.body_weight_n = 700.0;
    const Synthetic running = make_running(spec);
    {
        GaitAnalyzer analyzer(config_for(1000.0));
        run(analyzer, stand_then(2.0, 700.0, running, 1000.0).samples);
        CHECK(analyzer.body_weight_source() == BodyWeightSource::quiet_standing);
        CHECK(analyzer.body_weight_n() == doctest::Approx(700.0).epsilon(0.005));
    }
    {
        GaitAnalyzer analyzer(config_for(1000.0));
        const auto steps = run(analyzer, running.samples);
        CHECK(analyzer.body_weight_source() == BodyWeightSource::step_cycles);
        // The synthetic half-sine stance carries 2.5 x 2/pi x 0.24 / 0.36 = 1.061 BW on average.
        const double expected = 700.0 * 2.5 * 2.0 / std::numbers::pi * 0.24 / 0.36;
        CHECK(analyzer.body_weight_n() == doctest::Approx(expected).epsilon(0.01));
        CHECK(std::isnan(steps.front().peak_force_bw)); // unknown before one full cycle
        CHECK(steps.back().peak_force_bw == doctest::Approx(2.5 * 700.0 / expected).epsilon(0.03));
    }
    {
        GaitAnalyzer analyzer(config_for(1000.0, 650.0));
        run(analyzer, running.samples);
        CHECK(analyzer.body_weight_source() == BodyWeightSource::configured);
        CHECK(analyzer.body_weight_n() == 650.0);
    }
}

TEST_CASE("gaps and bad samples reset detection instead of inventing steps") {
    RunningSpec spec;
    Synthetic syn = make_running(spec);
    // Cut 1 s out of the middle (time jumps) and insert a NaN.
    std::vector<GaitSample> cut;
    for (const auto& s : syn.samples) {
        if (s.time_s > 5.0 && s.time_s < 6.0) continue;
        cut.push_back(s);
    }
    cut.insert(cut.begin() + 3000, GaitSample{cut[3000].time_s - 0.0005, std::nan(""), {}});
    const auto steps = run(config_for(1000.0, 700.0), cut);
    for (const auto& s : steps) {
        CHECK(s.contact_time_s == doctest::Approx(0.24).epsilon(0.05));
        if (std::isfinite(s.step_time_s))
            CHECK(s.step_time_s == doctest::Approx(0.36).epsilon(0.02));
    }
    CHECK(steps.size() >= 32);
    CHECK(steps.size() <= 38);
}

TEST_CASE("config validation and the filter description") {
    GaitConfig c;
    CHECK(validate(c).empty());
    c.filter_cutoff_hz = 480.0;
    CHECK_FALSE(validate(c).empty());
    CHECK_THROWS_AS(GaitAnalyzer{c}, std::invalid_argument);
    c = GaitConfig{};
    c.release_threshold_n = 80.0;
    CHECK_FALSE(validate(c).empty());
    c = GaitConfig{};
    c.sample_rate_hz = 2.0;
    CHECK_FALSE(validate(c).empty());
    CHECK(describe_filter(GaitConfig{}).find("Butterworth") != std::string::npos);
    CHECK(filter_delay_s(GaitConfig{}) == doctest::Approx(0.0045).epsilon(0.01));
}
