#pragma once
// Pre-renders every cue's phrase with espeak-ng (Debian package espeak-ng) on its own thread
// at start-up, never on the UI thread, and hands each finished clip to the SoundBank. Until a
// phrase is ready its cue plays the tone alone; without espeak-ng the cues stay tones.
#include "hmi/feedback/cue_table.hpp"
#include "hmi/feedback/sound_bank.hpp"

#include <atomic>
#include <string>
#include <thread>

namespace tg::hmi {

class SpeechWorker {
public:
    SpeechWorker(SoundBank& bank, CueLanguage language, std::string program = "espeak-ng");
    ~SpeechWorker(); // waits for the thread (each espeak run takes well under a second)
    SpeechWorker(const SpeechWorker&) = delete;
    SpeechWorker& operator=(const SpeechWorker&) = delete;

    int rendered() const { return rendered_.load(); }
    bool done() const { return done_.load(); }
    // The first failure (program missing, bad output), for the log.
    std::string error() const;

private:
    void run();

    SoundBank& bank_;
    CueLanguage language_;
    std::string program_;
    std::atomic<int> rendered_{0};
    std::atomic<bool> done_{false};
    std::atomic<bool> stop_{false};
    std::string error_; // written by the worker before done_ is set
    std::thread thread_;
};

// Runs `program --stdout -v voice text` and returns its standard output (the WAV), or empty
// with `error`.
std::string run_espeak(const std::string& program, const std::string& voice,
                       const std::string& text, std::string& error);

} // namespace tg::hmi
