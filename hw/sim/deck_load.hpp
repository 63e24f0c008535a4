#pragma once
// What stands on the simulated deck at one instant: up to two feet, each a vertical
// force at a point (x mediolateral, positive right; y anteroposterior, positive forward).
#include <array>
#include <nlohmann/json.hpp>

namespace tg::sim {

struct FootLoad {
    double force_n = 0;
    double x_m = 0;
    double y_m = 0;
};

struct DeckLoad {
    std::array<FootLoad, 2> feet{}; // left, right
    double total_n() const { return feet[0].force_n + feet[1].force_n; }
};

// Something that puts load on the deck over time: the runner model or a replayed
// recording. Times never go backwards; belt speed is what the drive outputs now.
class LoadSource {
public:
    virtual ~LoadSource() = default;
    virtual DeckLoad update(double time_s, double belt_kmh) = 0;
    virtual void set_on_belt(bool on) = 0;
    virtual nlohmann::json status_json() const = 0;
};

} // namespace tg::sim
