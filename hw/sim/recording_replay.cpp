#include "hw/sim/recording_replay.hpp"

#include "controller/recording/recording_error.hpp"

#include <cmath>

namespace tg::sim {

RecordingReplay::RecordingReplay(const std::string& path)
    : RecordingReplay(recording::load_force_recording(path, recording::LoadOptions{})) {}

RecordingReplay::RecordingReplay(recording::ForceRecording recording) : rec_(std::move(recording)) {
    if (rec_.size() < 2) throw recording::error_in(rec_.source, "too short to replay");
    // One sample period past the last sample, so the loop does not repeat a sample.
    duration_s_ = rec_.time_s.back() - rec_.time_s.front() + 1.0 / rec_.sample_rate_hz;
}

DeckLoad RecordingReplay::update(double time_s, double) {
    DeckLoad d;
    if (!on_belt_) return d;
    const auto loops = static_cast<std::uint64_t>(std::floor(time_s / duration_s_));
    if (loops != loops_) cursor_ = 0;
    loops_ = loops;
    const double t = rec_.time_s.front() + (time_s - static_cast<double>(loops) * duration_s_);
    while (cursor_ + 2 < rec_.size() && rec_.time_s[cursor_ + 1] <= t)
        ++cursor_;
    const std::size_t i = cursor_;
    const double span = rec_.time_s[i + 1] - rec_.time_s[i];
    const double a = span > 0 ? std::clamp((t - rec_.time_s[i]) / span, 0.0, 1.0) : 0.0;
    const double force =
        rec_.vertical_force_n[i] + a * (rec_.vertical_force_n[i + 1] - rec_.vertical_force_n[i]);
    double cop = 0;
    if (!rec_.cop_ml_m.empty() && std::isfinite(rec_.cop_ml_m[i])) cop = rec_.cop_ml_m[i];
    d.feet[cop >= 0 ? 1 : 0] = {std::max(0.0, force), cop, 0.0};
    return d;
}

nlohmann::json RecordingReplay::status_json() const {
    return {{"source", "replay"},        {"file", rec_.source}, {"format", rec_.format},
            {"duration_s", duration_s_}, {"loops", loops_},     {"on_belt", on_belt_}};
}

} // namespace tg::sim
