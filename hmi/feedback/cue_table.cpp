#include "hmi/feedback/cue_table.hpp"

#include "hmi/ui/theme.hpp"

#include <array>

namespace tg::hmi {
namespace {

using audio::Note;

struct CueRow {
    Cue cue;
    const char* name;
    const char* en;
    std::uint32_t band_abgr;
    double band_s;
};

// Band colours with the theme's fixed meanings: blue (action) phase changes, violet pain
// check, amber technique, red alarm, green end of session.
constexpr std::uint32_t blue = colors::action;
constexpr std::uint32_t violet = colors::pain;
constexpr std::uint32_t amber = colors::warn;
constexpr std::uint32_t red = colors::stop;
constexpr std::uint32_t green = colors::go;

constexpr std::array<CueRow, cue_count> rows{{
    {Cue::run_soon, "run_soon", "Run in 10 seconds", blue, 3.0},
    {Cue::walk_soon, "walk_soon", "Walk in 10 seconds", blue, 3.0},
    {Cue::cool_down_soon, "cool_down_soon", "Cool-down in 10 seconds", blue, 3.0},
    {Cue::run_now, "run_now", "Run now", blue, 3.0},
    {Cue::walk_now, "walk_now", "Walk now", blue, 3.0},
    {Cue::cool_down_now, "cool_down_now", "Cool-down now", blue, 3.0},
    {Cue::pain_check, "pain_check", "Pain now, 0 to 10?", violet, 6.0},
    {Cue::cadence_low, "cadence_low", "Quicker steps", amber, 4.0},
    {Cue::cadence_high, "cadence_high", "Slightly slower steps", amber, 4.0},
    {Cue::loading_high, "loading_high", "Land softer", amber, 4.0},
    {Cue::alarm, "alarm", "Alarm. Look at the screen", red, 8.0},
    {Cue::session_end, "session_end", "Session over. Well done", green, 5.0},
}};

constexpr bool rows_in_enum_order() {
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (index_of(rows[i].cue) != static_cast<int>(i)) return false;
    return true;
}
static_assert(rows_in_enum_order(), "the cue table's rows follow enum Cue");

const CueRow& row(Cue cue) {
    return rows[static_cast<std::size_t>(index_of(cue))];
}

} // namespace

std::optional<CueLanguage> cue_language_from(std::string_view code) {
    if (code == "en") return CueLanguage::en;
    return std::nullopt;
}

const char* espeak_voice(CueLanguage language) {
    switch (language) {
    case CueLanguage::en:
        return "en-gb";
    }
    return "en";
}

const char* cue_name(Cue cue) {
    return row(cue).name;
}

const char* cue_phrase(Cue cue, CueLanguage language) {
    switch (language) {
    case CueLanguage::en:
        return row(cue).en;
    }
    return row(cue).en;
}

CueStyle cue_style(Cue cue) {
    return {row(cue).band_abgr, row(cue).band_s};
}

std::vector<Note> cue_notes(Cue cue) {
    switch (cue) {
    case Cue::run_soon:
    case Cue::walk_soon:
    case Cue::cool_down_soon:
        return {{660, 0.12}, {880, 0.12}};
    case Cue::run_now:
        return {{660, 0.1}, {880, 0.1}, {1320, 0.18}};
    case Cue::walk_now:
    case Cue::cool_down_now:
        return {{1320, 0.1}, {880, 0.1}, {660, 0.18}};
    case Cue::pain_check:
        return {{523, 0.15}, {784, 0.15}, {523, 0.15}};
    case Cue::cadence_low:
    case Cue::cadence_high:
        return {{1175, 0.08}, {0, 0.04}, {1175, 0.08}};
    case Cue::loading_high:
        return {{392, 0.25}};
    case Cue::alarm:
        return {{960, 0.12, true}, {640, 0.12, true}, {960, 0.12, true}, {640, 0.12, true}};
    case Cue::session_end:
        return {{880, 0.15}, {660, 0.15}, {440, 0.3}};
    }
    return {{880, 0.1}};
}

} // namespace tg::hmi
