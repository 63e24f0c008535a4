// hmi-audio-bench: the HMI's audio figures, one key=value line each.
//  - cue event -> first sample: a cue pushed from this (UI) thread through the command
//    queue, until the device callback has written its first sample, plus one device buffer
//    (the buffer SDL plays before it); over 200 cues on the SDL driver in use (disk unless
//    SDL_AUDIODRIVER says otherwise).
//  - metronome drift over 30 minutes: the mixer renders 30 min in device-sized buffers; the
//    last click's distance from k * 60/target s, and the worst click.
//  - HMI frame time p99 with audio on: treadguard-hmi --bench-frames under a private Xvfb
//    at 1280x800 (if Xvfb is installed), with its audio device open.
#include "hmi/app/audio_device.hpp"
#include "hmi/audio/audio_mixer.hpp"
#include "hmi/audio/sound_synth.hpp"
#include "hmi/logic/frame_stats.hpp"
#include "tests/support/sim_process.hpp"

#include <SDL.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <thread>
#include <vector>

using namespace tg::hmi;
using Clock = std::chrono::steady_clock;

namespace {

void cue_latency() {
    if (std::getenv("SDL_AUDIODRIVER") == nullptr) {
        setenv("SDL_AUDIODRIVER", "disk", 1);
        setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
    }
    audio::CommandQueue queue;
    audio::AudioMixer mixer(queue);
    AudioDevice device(mixer);
    if (!device.ok()) {
        std::printf("cue_latency_error=\"%s\"\n", device.error().c_str());
        return;
    }
    const audio::PcmClip cue = audio::notes_clip({{880, 0.05}}, 0.5);
    FrameStats to_callback;
    for (std::uint32_t tag = 1; tag <= 200; ++tag) {
        std::this_thread::sleep_for(std::chrono::milliseconds(7 + tag % 11)); // off the beat
        const auto t0 = Clock::now();
        queue.push({audio::CommandKind::play, 0, &cue, 1.0F, 0, 0, tag});
        while (mixer.counters().last_tag.load(std::memory_order_acquire) != tag)
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        to_callback.add(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    const double buffer_ms = 1e3 * device.buffer_frames() / audio::sample_rate_hz;
    std::printf("audio_driver=%s\n", device.driver().c_str());
    std::printf("audio_buffer_ms=%.2f\n", buffer_ms);
    std::printf("cue_to_callback_p50_ms=%.2f\n", to_callback.percentile(50) * 1e3);
    std::printf("cue_to_callback_p99_ms=%.2f\n", to_callback.percentile(99) * 1e3);
    std::printf("cue_to_first_sample_p50_ms=%.2f\n", to_callback.percentile(50) * 1e3 + buffer_ms);
    std::printf("cue_to_first_sample_p99_ms=%.2f\n", to_callback.percentile(99) * 1e3 + buffer_ms);
}

void metronome_drift(double spm) {
    audio::CommandQueue queue;
    audio::AudioMixer mixer(queue);
    const audio::PcmClip click = audio::click_clip(audio::ClickSound::wood);
    queue.push({audio::CommandKind::metronome, audio::to_milli_spm(spm), &click, 1.0F, 0, 0, 1});
    const audio::SampleIndex total = audio::SampleIndex{30} * 60 * audio::sample_rate_hz;
    std::vector<audio::Sample> buffer(audio::device_buffer_frames);
    const double period = 60.0 / spm * audio::sample_rate_hz;
    double worst = 0.0;
    std::uint64_t seen = 0;
    const auto t0 = Clock::now();
    for (audio::SampleIndex t = 0; t < total; t += audio::device_buffer_frames) {
        mixer.render(buffer.data(), audio::device_buffer_frames);
        const std::uint64_t clicks = mixer.counters().clicks.load();
        if (clicks == seen) continue;
        seen = clicks;
        const double ideal = static_cast<double>(clicks - 1) * period;
        worst = std::max(worst,
                         std::abs(static_cast<double>(mixer.counters().last_click_sample) - ideal));
    }
    const double drift = static_cast<double>(mixer.counters().last_click_sample) -
                         static_cast<double>(seen - 1) * period;
    std::printf("metronome_spm=%.1f\n", spm);
    std::printf("metronome_30min_clicks=%llu\n", static_cast<unsigned long long>(seen));
    std::printf("metronome_30min_drift_samples=%.0f\n", std::round(drift));
    std::printf("metronome_30min_drift_ms=%.3f\n", std::round(drift) * 1e3 / audio::sample_rate_hz);
    std::printf("metronome_worst_click_error_samples=%.2f\n", worst);
    std::printf("mixer_render_30min_s=%.2f\n",
                std::chrono::duration<double>(Clock::now() - t0).count());
}

void frame_time_with_audio() {
    if (!tg::testing::have_program("Xvfb")) {
        std::printf("hmi_frame_error=\"Xvfb is not installed\"\n");
        return;
    }
    tg::testing::ChildProcess xvfb(
        {"Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"});
    const std::string display = ":" + std::to_string(std::stoi(xvfb.wait_for_line("", 15)));
    const std::string dir = tg::testing::make_temp_dir("tg-hmi-bench");
    const std::string command = "DISPLAY=" + display +
                                " SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=/dev/null '" +
                                tg::testing::bin_dir() + "/treadguard-hmi' --api '" + dir +
                                "/none.sock' --size 1280x800 --bench-frames 600 2>&1";
    const tg::testing::CommandResult r = tg::testing::run_command(command, 120);
    std::smatch m;
    if (std::regex_search(r.output, m, std::regex("p50_ms=([0-9.]+) p99_ms=([0-9.]+)"))) {
        std::printf("hmi_frame_1280x800_audio_on_p50_ms=%s\n", m[1].str().c_str());
        std::printf("hmi_frame_1280x800_audio_on_p99_ms=%s\n", m[2].str().c_str());
    } else {
        std::printf("hmi_frame_error=\"%s\"\n", r.output.substr(0, 200).c_str());
    }
    std::printf("hmi_audio_driver_in_frame_bench=%s\n",
                r.output.find("audio driver=disk") != std::string::npos ? "disk" : "none");
}

} // namespace

int main() {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);   // figures appear as they are measured
    if (std::getenv("TG_BIN_DIR") == nullptr) { // run by hand: treadguard-hmi is beside us
        const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
        setenv("TG_BIN_DIR", self.substr(0, self.rfind('/')).c_str(), 1);
    }
    cue_latency();
    metronome_drift(176.0);
    frame_time_with_audio();
    return 0;
}
