// gait-bench: throughput of the streaming gait analyser on one core, and the delay
// from the sample that completes a foot contact (the last one above the toe-off
// threshold) to the step event that reports it.
#include "controller/gait/gait_analyzer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>
#include <vector>

namespace {

struct BenchSignal {
    std::vector<tg::gait::GaitSample> samples;
    std::vector<std::size_t> contact_end; // index of the last sample of each contact
};

// 1 kHz running: 0.36 s steps, 0.24 s contacts, 2.5 BW active peak, impact transient,
// ±20 N deterministic noise, alternating CoP.
BenchSignal make_signal(double rate_hz, double seconds) {
    BenchSignal out;
    const double step_s = 0.36, contact_s = 0.24, bw = 700.0;
    unsigned state = 1;
    const auto n = static_cast<std::size_t>(seconds * rate_hz);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / rate_hz;
        const auto k = static_cast<long>(t / step_s);
        const double u = (t - static_cast<double>(k) * step_s) / contact_s;
        double f = 0.0;
        std::optional<double> cop;
        if (u <= 1.0) {
            const double z = (u - 0.1) / 0.025;
            f = bw * (2.5 * std::sin(std::numbers::pi * u) + 0.6 * std::exp(-0.5 * z * z));
            cop = k % 2 == 0 ? 0.05 : -0.05;
        }
        state = state * 1103515245u + 12345u;
        f += 20.0 * (static_cast<double>((state >> 8) % 2001) / 1000.0 - 1.0);
        out.samples.push_back({t, f, cop});
    }
    for (std::size_t i = 1; i < n; ++i) {
        const bool was_contact = out.samples[i - 1].cop_ml_m.has_value();
        if (was_contact && !out.samples[i].cop_ml_m) out.contact_end.push_back(i - 1);
    }
    return out;
}

} // namespace

int main() {
    constexpr double rate_hz = 1000.0;
    const BenchSignal signal = make_signal(rate_hz, 600.0); // 10 minutes of running
    tg::gait::GaitConfig config;
    config.sample_rate_hz = rate_hz;
    config.body_weight_n = 700.0;

    tg::gait::GaitAnalyzer analyzer(config);
    std::vector<std::size_t> event_sample;
    event_sample.reserve(signal.contact_end.size() + 1);
    const auto start = std::chrono::steady_clock::now();
    for (int repeat = 0; repeat < 5; ++repeat) {
        analyzer.reset();
        const double shift = repeat * 1000.0;
        for (std::size_t i = 0; i < signal.samples.size(); ++i) {
            tg::gait::GaitSample s = signal.samples[i];
            s.time_s += shift;
            if (analyzer.update(s) && repeat == 0) event_sample.push_back(i);
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double samples = 5.0 * static_cast<double>(signal.samples.size());

    // Pair each event with the contact it closes: the last contact end before it.
    std::vector<long> delays;
    std::size_t c = 0;
    for (std::size_t e : event_sample) {
        while (c + 1 < signal.contact_end.size() && signal.contact_end[c + 1] < e)
            ++c;
        if (signal.contact_end[c] < e)
            delays.push_back(static_cast<long>(e - signal.contact_end[c]));
    }
    long min_delay = delays.empty() ? 0 : delays.front(), max_delay = min_delay;
    double sum = 0.0;
    for (long d : delays) {
        min_delay = std::min(min_delay, d);
        max_delay = std::max(max_delay, d);
        sum += static_cast<double>(d);
    }
    std::printf("gait-bench: %.0f samples in %.3f s on one core: %.2f million samples/s "
                "(%.0f x real time at 1 kHz)\n",
                samples, seconds, samples / seconds / 1e6, samples / seconds / rate_hz);
    std::printf("steps: %zu; delay from the last contact sample to the step event: "
                "min %ld, mean %.1f, max %ld samples at 1 kHz (persistence %.0f ms + low-pass)\n",
                event_sample.size(), min_delay,
                delays.empty() ? 0.0 : sum / static_cast<double>(delays.size()), max_delay,
                config.persistence_s * 1000.0);
    return event_sample.empty() ? 1 : 0;
}
