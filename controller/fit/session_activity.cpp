#include "controller/fit/session_activity.hpp"

#include <algorithm>
#include <cmath>

namespace tg::fit {

namespace {

constexpr double cadence_window_s = 3.0; // steps within ± this give a second's cadence

enum class Kind { still, walk, run };

struct Second {
    std::vector<const SessionStep*> steps;
    Kind kind = Kind::still;
};

std::vector<Second> seconds_of(const SessionTotals& t, const std::vector<SessionStep>& steps) {
    const auto n = static_cast<std::size_t>(std::max(1.0, std::round(t.duration_s)));
    std::vector<Second> out(n);
    for (const auto& s : steps) {
        if (!(s.t_s >= 0.0)) continue;
        const auto i = std::min(n - 1, static_cast<std::size_t>(s.t_s));
        out[i].steps.push_back(&s);
    }
    for (auto& sec : out) {
        int running = 0, walking = 0;
        for (const auto* s : sec.steps)
            (s->flight_time_s && *s->flight_time_s > 0.0 ? running : walking)++;
        if (!sec.steps.empty()) sec.kind = running > walking ? Kind::run : Kind::walk;
    }
    return out;
}

double cadence_at(const std::vector<SessionStep>& steps, double t) {
    double sum = 0.0;
    int n = 0;
    for (const auto& s : steps)
        if (s.cadence_spm && std::abs(s.t_s - t) <= cadence_window_s) {
            sum += *s.cadence_spm;
            ++n;
        }
    return n ? sum / n : 0.0;
}

// Phase of each second: its own kind, still seconds taking the previous phase, then
// phases shorter than min_phase_s merged into the one before.
std::vector<Kind> phases(const std::vector<Second>& seconds) {
    std::vector<Kind> kind(seconds.size(), Kind::walk);
    Kind last = Kind::still;
    for (std::size_t i = 0; i < seconds.size(); ++i) {
        if (seconds[i].kind != Kind::still) last = seconds[i].kind;
        kind[i] = last;
    }
    const Kind first =
        std::find_if(kind.begin(), kind.end(), [](Kind k) { return k != Kind::still; }) ==
                kind.end()
            ? Kind::walk
            : *std::find_if(kind.begin(), kind.end(), [](Kind k) { return k != Kind::still; });
    for (auto& k : kind)
        if (k == Kind::still) k = first;
    for (std::size_t i = 0; i < kind.size();) {
        std::size_t j = i;
        while (j < kind.size() && kind[j] == kind[i])
            ++j;
        if (i > 0 && static_cast<double>(j - i) < min_phase_s)
            std::fill(kind.begin() + static_cast<std::ptrdiff_t>(i),
                      kind.begin() + static_cast<std::ptrdiff_t>(j), kind[i - 1]);
        i = j;
    }
    return kind;
}

} // namespace

FitActivity session_activity(const SessionTotals& t, const std::vector<SessionStep>& steps) {
    FitActivity a;
    a.start_unix_s = t.start_unix_s;
    a.duration_s = std::max(1.0, std::round(t.duration_s));
    a.steps = static_cast<std::uint32_t>(steps.size());
    a.serial_number = t.serial_number;
    const auto seconds = seconds_of(t, steps);
    std::size_t moving = 0;
    for (const auto& s : seconds)
        moving += s.kind != Kind::still;
    const double distance = t.distance_m.value_or(0.0);
    const double per_moving_second = moving ? distance / static_cast<double>(moving) : 0.0;
    a.distance_m = moving ? distance : 0.0;

    double travelled = 0.0, cadence_sum = 0.0;
    for (std::size_t i = 0; i < seconds.size(); ++i) {
        FitRecord r;
        r.t_s = static_cast<double>(i);
        const bool is_moving = seconds[i].kind != Kind::still;
        if (is_moving) travelled += per_moving_second;
        r.speed_m_s = is_moving ? per_moving_second : 0.0;
        r.distance_m = travelled;
        r.cadence_spm = is_moving ? cadence_at(steps, r.t_s + 0.5) : 0.0;
        cadence_sum += r.cadence_spm;
        for (const auto* s : seconds[i].steps) {
            if (s->peak_force_bw)
                r.peak_force_bw = std::isnan(r.peak_force_bw)
                                      ? *s->peak_force_bw
                                      : std::max(r.peak_force_bw, *s->peak_force_bw);
            if (s->loading_rate_bw_s)
                r.loading_rate_bw_s = std::isnan(r.loading_rate_bw_s)
                                          ? *s->loading_rate_bw_s
                                          : std::max(r.loading_rate_bw_s, *s->loading_rate_bw_s);
        }
        a.records.push_back(r);
    }
    a.avg_cadence_spm = moving ? cadence_sum / static_cast<double>(moving) : 0.0;

    const auto kind = phases(seconds);
    for (std::size_t i = 0; i < kind.size();) {
        std::size_t j = i;
        while (j < kind.size() && kind[j] == kind[i])
            ++j;
        FitLap lap;
        lap.phase = kind[i] == Kind::run ? "run" : "walk";
        lap.start_s = static_cast<double>(i);
        lap.duration_s = static_cast<double>(j - i);
        double lap_cadence = 0.0;
        std::size_t lap_moving = 0;
        for (std::size_t k = i; k < j; ++k) {
            if (seconds[k].kind == Kind::still) continue;
            lap.distance_m += per_moving_second;
            lap_cadence += a.records[k].cadence_spm;
            ++lap_moving;
        }
        lap.avg_cadence_spm = lap_moving ? lap_cadence / static_cast<double>(lap_moving) : 0.0;
        a.laps.push_back(lap);
        i = j;
    }
    return a;
}

} // namespace tg::fit
