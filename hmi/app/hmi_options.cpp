#include "hmi/app/hmi_options.hpp"

#include "controller/api/api_socket_path.hpp"

#include <charconv>
#include <cstdlib>
#include <unistd.h>

namespace tg::hmi {
namespace {

bool parse_int(const std::string& text, int& out, int min, int max) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return false;
    out = v;
    return true;
}

bool parse_size(const std::string& text, int& w, int& h) {
    const auto x = text.find('x');
    return x != std::string::npos && parse_int(text.substr(0, x), w, 320, 8192) &&
           parse_int(text.substr(x + 1), h, 240, 8192);
}

} // namespace

std::string default_api_socket() {
    return api::client_api_socket();
}

std::string hmi_usage() {
    return "usage: treadguard-hmi [--api SOCKET] [--size WxH] [--fullscreen] [--diagonal INCHES]\n"
           "                      [--font-dir DIR] [--dump-layout FILE] [--screenshot-dir DIR]\n"
           "                      [--bench-frames N] [--fps N]\n"
           "  --size WxH         window size (default 800x480); panels: 800x480, 1024x600, "
           "1280x800\n"
           "  --diagonal INCHES  panel diagonal for the 12 mm touch targets (default: by size)\n"
           "  --dump-layout FILE JSON of the named buttons' screen rectangles (for tests)\n"
           "  --screenshot-dir D PNG of the screen on F12, SIGUSR1 and each screen change\n"
           "  --bench-frames N   render N frames unthrottled, print p50/p99/max frame time, exit\n"
           "  --fullscreen       kiosk: the whole panel, no window decorations, no way out by "
           "touch\n"
           "sound: [--mute] [--volume 0-100] [--click wood|beep|cowbell] [--no-speech]\n"
           "       [--no-audio] [--language en] [--loading-feedback off|visual|audio|both]\n"
           "  --mute             no metronome or loading tone (cues and alarms still sound)\n";
}

ParsedOptions parse_hmi_options(const std::vector<std::string>& args) {
    ParsedOptions parsed;
    HmiOptions& o = parsed.options;
    o.api_socket = default_api_socket();
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                parsed.error = a + " needs a value";
                return false;
            }
            out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--help" || a == "-h") {
            o.help = true;
        } else if (a == "--fullscreen") {
            o.fullscreen = true;
        } else if (a == "--mute") {
            o.sound.muted = true;
        } else if (a == "--no-speech") {
            o.sound.speech = false;
        } else if (a == "--no-audio") {
            o.sound.audio = false;
        } else if (a == "--volume") {
            int percent = 0;
            if (!value(v)) break;
            if (!parse_int(v, percent, 0, 100))
                parsed.error = "--volume wants 0..100, got '" + v + "'";
            o.sound.volume = percent / 100.0;
        } else if (a == "--click") {
            if (!value(v)) break;
            if (auto click = audio::click_sound_from(v))
                o.sound.click = *click;
            else
                parsed.error = "--click wants wood, beep or cowbell, got '" + v + "'";
        } else if (a == "--language") {
            if (!value(v)) break;
            if (auto language = cue_language_from(v))
                o.sound.language = *language;
            else
                parsed.error = "--language wants en, got '" + v + "'";
        } else if (a == "--loading-feedback") {
            if (!value(v)) break;
            if (auto mode = loading_feedback_from(v))
                o.sound.loading = *mode;
            else
                parsed.error =
                    "--loading-feedback wants off, visual, audio or both, got '" + v + "'";
        } else if (a == "--api") {
            if (!value(o.api_socket)) break;
        } else if (a == "--font-dir") {
            if (!value(o.font_dir)) break;
        } else if (a == "--dump-layout") {
            if (!value(o.dump_layout)) break;
        } else if (a == "--screenshot-dir") {
            if (!value(o.screenshot_dir)) break;
        } else if (a == "--size") {
            if (!value(v)) break;
            if (!parse_size(v, o.width, o.height))
                parsed.error = "--size wants WxH, e.g. 800x480, got '" + v + "'";
        } else if (a == "--bench-frames") {
            if (!value(v)) break;
            if (!parse_int(v, o.bench_frames, 1, 1000000))
                parsed.error = "--bench-frames wants 1..1000000, got '" + v + "'";
        } else if (a == "--fps") {
            if (!value(v)) break;
            if (!parse_int(v, o.fps, 1, 240)) parsed.error = "--fps wants 1..240, got '" + v + "'";
        } else if (a == "--diagonal") {
            if (!value(v)) break;
            char* end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (end == v.c_str() || *end != '\0' || d < 2.0 || d > 100.0)
                parsed.error = "--diagonal wants inches 2..100, got '" + v + "'";
            else
                o.diagonal_in = d;
        } else {
            parsed.error = "unknown option '" + a + "'";
        }
        if (!parsed.error.empty()) break;
    }
    return parsed;
}

} // namespace tg::hmi
