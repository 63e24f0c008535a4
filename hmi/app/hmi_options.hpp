#pragma once
// Command line of treadguard-hmi.
#include "hmi/feedback/audio_prefs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tg::hmi {

struct HmiOptions {
    std::string api_socket; // default: API.md's per-user path
    int width = 800;
    int height = 480;
    bool fullscreen = false;
    std::optional<double> diagonal_in;
    std::string font_dir = "/usr/share/fonts/truetype/dejavu";
    std::string dump_layout;    // write button rectangles as JSON here every frame they change
    std::string screenshot_dir; // PNGs on F12, SIGUSR1 or every screen change
    int bench_frames = 0;       // render this many frames as fast as possible, print percentiles
    int fps = 30;
    AudioPrefs sound; // --mute, --volume, --click, --no-speech, --no-audio, --language, ...
    bool help = false;
};

struct ParsedOptions {
    HmiOptions options;
    std::string error; // non-empty: the command line was wrong
};

ParsedOptions parse_hmi_options(const std::vector<std::string>& args);
std::string hmi_usage();
// $XDG_RUNTIME_DIR/treadguard/api.sock, else /tmp/treadguard-$UID/api.sock (API.md).
std::string default_api_socket();

} // namespace tg::hmi
