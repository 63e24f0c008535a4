#pragma once
// Alarms: what the supervisor reports and why. Every code carries a
// machine-readable id, a plain-words reason and what to do about it.

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tg::safety {

// Ordered by severity: a more severe action always wins (as in PX4's failsafe).
enum class Action : std::uint8_t { none, advisory, controlled_stop, emergency_stop };

[[nodiscard]] constexpr Action most_severe(Action a, Action b) {
    return a < b ? b : a;
}
[[nodiscard]] std::string_view to_string(Action action);

enum class AlarmCode : std::uint8_t {
    // Conditions the supervisor watches.
    drive_link_lost,
    force_link_lost,
    drive_fault,
    runner_off_belt,
    client_lost,
    drive_overspeed,
    drive_start_timeout,
    drive_stop_timeout,
    drive_not_confirming_stop,
    caps_invalid,
    emergency_stop_pressed,
    operator_stop,
    duration_cap_reached,
    // Why a command was refused (or accepted with a note).
    no_runner_selected,
    fault_latched,
    already_running,
    not_running,
    cool_down_in_progress,
    no_body_weight,
    belt_moving,
    request_invalid,
    request_above_cap,
    nothing_to_acknowledge,
    count_ // not a code: the number of codes
};

inline constexpr std::size_t kAlarmCodeCount = static_cast<std::size_t>(AlarmCode::count_);

struct AlarmText {
    std::string_view id;     // stable, machine-readable ("drive_link_lost")
    std::string_view reason; // what happened, in plain words
    std::string_view remedy; // what to do
};

[[nodiscard]] const AlarmText& describe(AlarmCode code);

struct Alarm {
    AlarmCode code;
    Action action;
    bool latched; // stays until acknowledged, and only once its cause is gone
};

// Fixed capacity (one slot per code) so a tick never allocates.
class AlarmList {
public:
    // Adds the alarm, or raises the action of an alarm already listed for the same code.
    void raise(Alarm alarm);
    [[nodiscard]] bool contains(AlarmCode code) const;
    [[nodiscard]] Action worst() const;
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] const Alarm* begin() const { return items_.data(); }
    [[nodiscard]] const Alarm* end() const { return items_.data() + size_; }

private:
    std::array<Alarm, kAlarmCodeCount> items_{};
    std::size_t size_ = 0;
};

using LatchedCodes = std::bitset<kAlarmCodeCount>;

[[nodiscard]] constexpr std::size_t index_of(AlarmCode code) {
    return static_cast<std::size_t>(code);
}

} // namespace tg::safety
