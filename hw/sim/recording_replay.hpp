#pragma once
// Replays a force recording (any file `treadguard analyze` reads) onto the deck: the
// recorded vertical force acts at the recorded mediolateral CoP (the deck's centre line
// when the file has none), looping at its end. Belt speed does not change a recording;
// stepping off the belt silences it.
#include "controller/recording/force_recording.hpp"
#include "hw/sim/deck_load.hpp"

#include <string>

namespace tg::sim {

class RecordingReplay final : public LoadSource {
public:
    // Throws recording::RecordingError (file, line, reason) when the file cannot be read.
    explicit RecordingReplay(const std::string& path);
    explicit RecordingReplay(recording::ForceRecording recording);

    DeckLoad update(double time_s, double belt_kmh) override;
    void set_on_belt(bool on) override { on_belt_ = on; }
    nlohmann::json status_json() const override;

    double duration_s() const { return duration_s_; }

private:
    recording::ForceRecording rec_;
    double duration_s_ = 0;
    std::size_t cursor_ = 0;
    std::uint64_t loops_ = 0;
    bool on_belt_ = true;
};

} // namespace tg::sim
