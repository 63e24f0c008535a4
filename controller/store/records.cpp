#include "controller/store/records.hpp"

#include <array>
#include <utility>

namespace tg::store {

namespace {

// One table per enum keeps the text in the database and the enum in step.
constexpr std::array<std::pair<InjurySide, const char*>, 4> injury_sides{{
    {InjurySide::none, "none"},
    {InjurySide::left, "left"},
    {InjurySide::right, "right"},
    {InjurySide::both, "both"},
}};
constexpr std::array<std::pair<StepSide, const char*>, 3> step_sides{{
    {StepSide::left, "left"},
    {StepSide::right, "right"},
    {StepSide::unknown, "unknown"},
}};
constexpr std::array<std::pair<AlarmSeverity, const char*>, 4> alarm_severities{{
    {AlarmSeverity::info, "info"},
    {AlarmSeverity::advisory, "advisory"},
    {AlarmSeverity::warning, "warning"},
    {AlarmSeverity::fault, "fault"},
}};

template <class Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& table, Enum value) {
    for (const auto& [candidate, name] : table)
        if (candidate == value) return name;
    return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<Enum, const char*>, N>& table,
                               std::string_view text) {
    for (const auto& [value, name] : table)
        if (text == name) return value;
    return std::nullopt;
}

} // namespace

const char* injury_side_name(InjurySide side) {
    return name_of(injury_sides, side);
}
std::optional<InjurySide> parse_injury_side(std::string_view text) {
    return parse_name(injury_sides, text);
}
const char* step_side_name(StepSide side) {
    return name_of(step_sides, side);
}
std::optional<StepSide> parse_step_side(std::string_view text) {
    return parse_name(step_sides, text);
}
const char* alarm_severity_name(AlarmSeverity severity) {
    return name_of(alarm_severities, severity);
}
std::optional<AlarmSeverity> parse_alarm_severity(std::string_view text) {
    return parse_name(alarm_severities, text);
}

} // namespace tg::store
