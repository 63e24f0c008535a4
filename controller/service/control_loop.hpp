#pragma once
// The control tick's shell (100 Hz by default), run on the daemon's io_context. It only
// moves data: force samples and the drive thread's status into the session core
// (controller/session), the core's drive order to the drive thread, its records to the
// records writer's thread, its slow work to the worker, its events and answers to the API.
// Nothing here blocks on Modbus, SQLite or a file.
#include "controller/protocol/day_plan.hpp"
#include "controller/service/controller_config.hpp"
#include "controller/service/drive_worker.hpp"
#include "controller/service/plate_feed.hpp"
#include "controller/service/session_recording.hpp"
#include "controller/session/session_core.hpp"
#include "controller/store/record_writer.hpp"
#include "controller/store/store.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace tg::service {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Reply = std::function<void(nlohmann::json)>;
using RequestKind = session::RequestKind;

// A belt command from the API; the shell gives it its token (session_effects.hpp).
using OperatorRequest = session::Request;

class SlowWork;

struct ControlDeps {
    ControllerConfig config;
    devicemap::TreadmillSpec treadmill;
    DriveWorker* drive = nullptr;
    PlateFeed* plate = nullptr; // may be null: then the supervisor sees no force samples
    store::RecordWriter* records = nullptr;      // every record goes through its thread
    std::function<std::int64_t()> wall_clock_ms; // unix time for the records
    SlowWork* work = nullptr;                    // plan loading and the audit log, off the tick
};

class ControlLoop {
public:
    ControlLoop(ControlDeps deps, safety::SupervisorSettings settings, TimePoint epoch);

    // `scheduled` is when the tick was due: its lateness is kept for the benchmark.
    void tick(TimePoint now, std::optional<TimePoint> scheduled = std::nullopt);

    // Supervisor commands are applied on the next tick; `reply` gets the outcome. Each
    // client may have a few waiting (then `busy`), and a newer speed request replaces an
    // older one that has not reached the supervisor yet.
    void submit(OperatorRequest request, Reply reply);
    // Stop and emergency stop: applied now, ahead of everything queued, whoever sent it.
    void stop_now(const OperatorRequest& request, const Reply& reply);
    bool emergency_stop_latched() const { return core_.emergency_stop_latched(); }
    bool session_open() const { return core_.session_open(); }
    // The records writer's state, for the status object: ok, or why records are failing.
    store::WriterHealth records_health() const;
    // Not supervisor commands: they take effect at once.
    nlohmann::json report_pain(int level);
    nlohmann::json limit_coming();
    void set_heartbeat(std::optional<TimePoint> newest) { last_heartbeat_ = newest; }
    void set_interactive_required(bool required) { interactive_required_ = required; }
    // Force-plate calibration (the caller checked the PIN and audits): answered when done.
    void calibrate_plate(const PlateCalibrationStep& step, Reply reply);
    // The plan changed (a clinician's override): re-plan today for the selected runner,
    // unless a session is under way (its caps stand until it ends).
    void replan();

    // The belt is (or may be) moving under a session: starting, running, cooling down, stopping.
    bool moving() const { return core_.moving(); }
    nlohmann::json status(TimePoint now) const;
    nlohmann::json devices() const;
    // Where the raw force recordings are kept (beside the records store).
    std::string recordings_dir() const;
    const std::optional<store::Runner>& runner() const { return core_.runner(); }
    std::optional<protocol::DayPlan> today_plan() const { return core_.plan(); }
    // Events for subscribers since the last call (steps and new alarms).
    std::vector<nlohmann::json> take_events();

private:
    std::uint64_t remember(Reply reply);
    // Carries out what the core decided: drive order, answers, records, events, slow work.
    void apply(session::Effects fx);
    void write_record(session::RecordOp op);
    void apply_recording(const session::RecordingOp& op);
    void records_failed(const std::string& what, const std::string& message);
    void drain_samples();
    void load_plan_later(const store::Runner& runner);
    session::Stamp stamp(TimePoint now) const { return {now, deps_.wall_clock_ms()}; }
    nlohmann::json answer_now(session::Effects fx, std::uint64_t token);
    void answer_calibrations(TimePoint now);

    ControlDeps deps_;
    session::SessionCore core_;
    std::map<std::uint64_t, Reply> replies_; // by request token, until answered
    std::uint64_t next_token_ = 1;

    struct PendingCalibration {
        std::uint64_t step;
        TimePoint deadline;
        Reply reply;
    };
    std::vector<PendingCalibration> calibrations_;
    std::optional<TimePoint> last_heartbeat_;
    bool interactive_required_ = false;

    std::unique_ptr<SessionRecording> recording_;            // the open session's raw force file
    std::vector<std::unique_ptr<SessionRecording>> closing_; // writing out, then joined
    bool recording_error_told_ = false;
    void watch_recording();
    std::vector<gait::GaitSample> samples_; // this tick's, reused
    std::array<gait::GaitSample, 4096> drain_buffer_{};
    std::vector<nlohmann::json> events_;
    // Tick period statistics (the benchmark reads them through `devices`).
    std::array<float, 4096> tick_periods_ms_{};
    std::array<float, 4096> tick_late_ms_{};
    std::uint64_t ticks_ = 0;
    std::optional<TimePoint> last_tick_;
};

} // namespace tg::service
