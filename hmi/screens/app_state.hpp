#pragma once
// What the HMI remembers between frames: the screen shown, data fetched from the
// controller, keypad entries and the live trends. Screens read and change it.
#include "controller/api/api_requests.hpp"
#include "controller/api/audit_messages.hpp"
#include "controller/api/command_replies.hpp"
#include "controller/api/devices_message.hpp"
#include "controller/api/session_messages.hpp"
#include "hmi/api/api_client.hpp"
#include "hmi/logic/digit_entry.hpp"
#include "hmi/logic/value_ring.hpp"
#include "hmi/ui/ui_context.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tg::hmi {

enum class Screen { runners, plan, running, summary, checkin, pin, clinician };
enum class ClinicianTab { runners, caps, history, devices, calibration, review };

// Measured on screen during a session, so the summary has numbers even when the
// controller's session record lacks them.
struct SessionTally {
    double cadence_sum = 0.0;
    int cadence_count = 0;
    double valr_sum = 0.0;
    int valr_count = 0;
    double valr_max = 0.0;
    int pain_max = -1;
    std::optional<LimitStatus> limit;
    void add(const ControllerStatus& status);
};

// How the belt came to rest, from the last status of the session: a session cut short by
// an emergency stop or a fault says so on the summary, with the alarm.
struct SessionEnding {
    std::string state; // e.g. "EmergencyStop", "Fault", "Stopped"
    std::vector<AlarmStatus> alarms;
};

// A reply read through the API contract: not asked yet, waiting, the value, or why not.
template <class T>
struct Fetched {
    std::optional<T> value;
    std::string error;
    bool loading = false;
    double at_s = -1e9; // when it was asked for
    int attempts = 0;
    void reset() { *this = {}; }
};

struct Notice {
    std::string text;
    bool error = false;
    double until_s = 0.0;
};

struct AppState {
    Screen screen = Screen::runners;
    ClinicianTab tab = ClinicianTab::runners;
    std::string last_state; // controller state seen in the previous frame

    nlohmann::json runners = nlohmann::json::array();
    bool runners_loading = false;
    std::string runner; // chosen on this screen
    nlohmann::json plan = nlohmann::json::object();

    std::optional<long long> session_id;
    double running_seen_s = -1e9; // last frame the belt showed as moving
    SessionTally tally;
    Fetched<api::SessionShowReply> summary;      // sessions.show of the session that ended
    std::optional<api::SessionSummary> previous; // the session before, if any
    SessionEnding ending;
    bool pain_picker_open = false;
    double speed_request_kmh = -1.0; // last speed sent, until the status shows it
    double speed_request_at_s = -1e9;
    ValueRing cadence_trend{240}; // 12 s at 20 Hz
    ValueRing valr_trend{240};
    // The runner's own loading-rate baseline: the mean over the first minute of running
    // today, before any cue could change it (the loading-rate bar's amber line).
    double valr_baseline_sum = 0.0;
    int valr_baseline_n = 0;
    std::optional<double> valr_baseline() const {
        if (valr_baseline_n == 0) return std::nullopt;
        return valr_baseline_sum / valr_baseline_n;
    }
    std::uint64_t last_status_count = 0;

    std::optional<bool> checkin_pain, checkin_swelling, checkin_stiffness;

    DigitEntry pin_entry{8, false};
    std::string clinician_pin; // kept only while the clinician screens are open
    double clinician_until_s = 0.0;
    int caps_field = -1; // 0 speed, 1 duration (min), 2 pain threshold
    DigitEntry caps_entry{5, true};
    int caps_why = -1;
    int review_why = -1; // the chosen reason on the Review tab
    Fetched<api::HistoryReply> history;
    Fetched<api::Devices> devices;
    Fetched<std::vector<api::AuditEntry>> audit;
    int calibration_step = 0;
    DigitEntry calibration_kg{5, true};
    std::string calibration_result;

    Notice notice;
    double clock_s = 0.0; // the frame's time, for reply handlers that post notices
    void tell(std::string text, bool error = false) {
        notice = {std::move(text), error, clock_s + (error ? 6.0 : 3.0)};
    }
};

// Asks for sessions.show of `session_id` and keeps the contract's reading of it.
void request_summary(ApiClient& api, AppState& s, long long session_id, double now_s);
// Asks for the audit log (needs the clinician PIN).
void request_audit(ApiClient& api, AppState& s, const std::string& pin, double now_s);

struct ScreenContext {
    ApiClient& api;
    UiContext& ui;
    AppState& s;
    double now_s = 0.0;
    bool available = false; // controller connected and sending status

    const ControllerStatus* status() const {
        return available && api.status() ? &*api.status() : nullptr;
    }
    void tell(std::string text, bool error = false);
    // Sends a command and reports a refusal on screen; on_ok runs with the reply.
    void send(nlohmann::json command, std::function<void(const ApiReply&)> on_ok = {});
};

} // namespace tg::hmi
