#pragma once
// The HMI's real-time biofeedback, once per frame on the UI thread: reads the API's events
// and status, asks the FeedbackEngine what to do, hands commands to the audio callback
// through the lock-free queue, and keeps the visual cue (the screen-edge band) to draw.
#include "hmi/api/api_client.hpp"
#include "hmi/app/audio_device.hpp"
#include "hmi/audio/audio_mixer.hpp"
#include "hmi/audio/command_queue.hpp"
#include "hmi/feedback/audio_prefs.hpp"
#include "hmi/feedback/cue_table.hpp"
#include "hmi/feedback/feedback_engine.hpp"
#include "hmi/feedback/sound_bank.hpp"
#include "hmi/feedback/speech_worker.hpp"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tg::hmi {

struct CueBand {
    std::uint32_t abgr = 0;
    std::string text;
};

class Biofeedback {
public:
    explicit Biofeedback(AudioPrefs prefs);
    ~Biofeedback();
    Biofeedback(const Biofeedback&) = delete;
    Biofeedback& operator=(const Biofeedback&) = delete;

    // After ApiClient::update: `plan` is today's plan as the plan screen fetched it.
    void frame(double now_s, ApiClient& api, const nlohmann::json& plan);
    std::optional<CueBand> band(double now_s) const;
    AudioPrefs& prefs() { return prefs_; }
    const audio::MixerCounters& counters() const { return mixer_.counters(); }
    bool audio_ok() const { return device_ && device_->ok(); }
    // Plays a cue now (benchmark and tests); returns the tag the mixer echoes.
    std::uint32_t play(Cue cue, double now_s);

private:
    void follow_plan(const nlohmann::json& plan);
    void step_tones(const std::vector<nlohmann::json>& events, const ControllerStatus* st);
    void update_metronome(std::optional<double> spm);
    void push(const audio::AudioCommand& command);

    AudioPrefs prefs_;
    SoundBank bank_;
    audio::CommandQueue queue_;
    audio::AudioMixer mixer_{queue_};
    std::unique_ptr<AudioDevice> device_;
    std::unique_ptr<SpeechWorker> speech_;
    FeedbackEngine engine_;
    std::string plan_feedback_; // the plan's feedback object as last applied
    std::optional<double> sent_spm_;
    bool sent_muted_ = false;
    double sent_volume_ = -1.0;
    audio::ClickSound sent_click_ = audio::ClickSound::wood;
    CueBand band_;
    Cue band_cue_ = Cue::run_now;
    double band_until_s_ = -1.0;
    std::uint32_t next_tag_ = 1;
    std::uint64_t dropped_ = 0;
};

} // namespace tg::hmi
