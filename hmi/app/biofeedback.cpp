#include "hmi/app/biofeedback.hpp"

#include "hmi/feedback/loading_rate_band.hpp"

#include <algorithm>
#include <cstdio>

namespace tg::hmi {
namespace {

constexpr double alarm_min_volume = 0.8; // a turned-down HMI still sounds its alarms
constexpr double step_tone_s = 0.06;
constexpr float step_tone_gain = 0.5F; // under the clicks

} // namespace

Biofeedback::Biofeedback(AudioPrefs prefs) : prefs_(prefs) {
    sent_click_ = prefs_.click;
    if (!prefs_.audio) return;
    device_ = std::make_unique<AudioDevice>(mixer_);
    if (device_->ok())
        std::printf("audio driver=%s rate=%d buffer=%d\n", device_->driver().c_str(),
                    audio::sample_rate_hz, device_->buffer_frames());
    else
        std::fprintf(stderr, "treadguard-hmi: no sound (%s); cues stay visual\n",
                     device_->error().c_str());
    std::fflush(stdout);
    if (device_->ok() && prefs_.speech)
        speech_ = std::make_unique<SpeechWorker>(bank_, prefs_.language);
}

Biofeedback::~Biofeedback() {
    speech_.reset();
    device_.reset(); // the callback stops before the clips it plays go away
}

void Biofeedback::push(const audio::AudioCommand& command) {
    if (!queue_.push(command)) ++dropped_; // 64 slots: only a stalled callback fills them
}

void Biofeedback::follow_plan(const nlohmann::json& plan) {
    const std::string text =
        plan.is_object() ? plan.value("feedback", nlohmann::json()).dump() : "";
    if (text == plan_feedback_ && sent_volume_ >= 0) return;
    plan_feedback_ = text;
    std::string error;
    FeedbackSettings settings = feedback_settings_from_plan(plan, &error);
    if (!error.empty()) std::fprintf(stderr, "treadguard-hmi: %s\n", error.c_str());
    if (prefs_.loading) settings.loading = *prefs_.loading;
    engine_.set_settings(std::move(settings));
}

std::uint32_t Biofeedback::play(Cue cue, double now_s) {
    const std::uint32_t tag = next_tag_++;
    const double volume =
        cue == Cue::alarm ? std::max(prefs_.volume, alarm_min_volume) : prefs_.volume;
    push({audio::CommandKind::play, 0, &bank_.cue(cue), static_cast<float>(volume), 0, 0, tag});
    // An alarm's band stays up over later cues until its time is over.
    if (cue == Cue::alarm || band_cue_ != Cue::alarm || now_s >= band_until_s_) {
        const CueStyle style = cue_style(cue);
        band_ = {style.band_abgr, cue_phrase(cue, prefs_.language)};
        band_until_s_ = now_s + style.band_s;
        band_cue_ = cue;
    }
    std::printf("cue %s t=%.3f spoken=%d\n", cue_name(cue), now_s, bank_.spoken(cue) ? 1 : 0);
    std::fflush(stdout);
    return tag;
}

void Biofeedback::update_metronome(std::optional<double> spm) {
    if (prefs_.muted || engine_.settings().metronome_muted) spm.reset();
    if (spm == sent_spm_ && prefs_.muted == sent_muted_ && prefs_.volume == sent_volume_ &&
        prefs_.click == sent_click_)
        return;
    if (spm != sent_spm_) {
        std::printf("metronome spm=%.1f\n", spm.value_or(0.0));
        std::fflush(stdout);
    }
    sent_spm_ = spm;
    sent_muted_ = prefs_.muted;
    sent_volume_ = prefs_.volume;
    sent_click_ = prefs_.click;
    push({audio::CommandKind::metronome, audio::to_milli_spm(spm.value_or(0.0)),
          &bank_.click(prefs_.click), static_cast<float>(prefs_.volume), 0, 0, next_tag_++});
}

void Biofeedback::step_tones(const std::vector<nlohmann::json>& events,
                             const ControllerStatus* st) {
    const LoadingFeedback mode = engine_.settings().loading;
    if (prefs_.muted || (mode != LoadingFeedback::audio && mode != LoadingFeedback::both)) return;
    if (st == nullptr || !st->phase || !st->phase->running) return;
    if (!share_on(st->phase->elapsed_s, engine_.settings().loading_share,
                  engine_.settings().share_block_s))
        return;
    const double advisory = st->valr_advisory_bw_s.value_or(66.0);
    for (const nlohmann::json& e : events) {
        if (e.value("event", "") != "step" || !e.contains("step")) continue;
        const nlohmann::json& step = e["step"];
        if (!step.contains("valr_bw_s") || !step["valr_bw_s"].is_number()) continue;
        const double hz = loading_tone_hz(step["valr_bw_s"].get<double>(), advisory);
        push({audio::CommandKind::tone, 0, nullptr,
              static_cast<float>(prefs_.volume) * step_tone_gain, static_cast<float>(hz),
              static_cast<std::int32_t>(audio::seconds_to_samples(step_tone_s)), 0});
    }
}

void Biofeedback::frame(double now_s, ApiClient& api, const nlohmann::json& plan) {
    follow_plan(plan);
    const std::vector<nlohmann::json> events = api.take_events();
    std::vector<std::string> names;
    for (const nlohmann::json& e : events) {
        const std::string name = e.value("event", "");
        if (name == "alarm" && e.contains("alarm") && e["alarm"].is_object())
            names.push_back("alarm:" + e["alarm"].value("code", ""));
        else
            names.push_back(name);
    }
    const ControllerStatus* st =
        api.controller_available(now_s) && api.status() ? &*api.status() : nullptr;
    const FeedbackOutput out = engine_.update(now_s, st, names);
    update_metronome(out.metronome_spm);
    step_tones(events, st);
    for (Cue cue : out.cues)
        play(cue, now_s);
}

std::optional<CueBand> Biofeedback::band(double now_s) const {
    if (now_s >= band_until_s_) return std::nullopt;
    return band_;
}

} // namespace tg::hmi
