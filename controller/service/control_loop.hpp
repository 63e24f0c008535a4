#pragma once
// The control tick (100 Hz by default), run on the daemon's io_context: force samples ->
// gait; drive status, operator commands and the protocol's phase targets -> the safety
// supervisor -> the one speed command to the drive thread; steps, pain and alarms -> the
// records store. Nothing here blocks on Modbus.
#include "controller/gait/gait_analyzer.hpp"
#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/live_session.hpp"
#include "controller/safety/supervisor.hpp"
#include "controller/service/controller_config.hpp"
#include "controller/service/drive_worker.hpp"
#include "controller/service/plate_feed.hpp"
#include "controller/service/session_recording.hpp"
#include "controller/session/session_policy.hpp"
#include "controller/store/record_writer.hpp"
#include "controller/store/store.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"

#include <array>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace tg::service {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Reply = std::function<void(nlohmann::json)>;

enum class RequestKind { select_runner, start, stop, emergency_stop, speed, acknowledge };

struct OperatorRequest {
    RequestKind kind;
    double kmh = 0;
    std::string runner;
    std::uint64_t client_id = 0; // the API connection, for per-client bounds
    std::string client;          // who sent it, for the audit log ("hmi uid=1000 pid=7")
    // select_runner: the runner and today's plan, loaded off the tick by the caller.
    std::optional<store::Runner> runner_record;
    std::optional<protocol::DayPlan> plan;
};

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
    bool emergency_stop_latched() const;
    bool session_open() const { return in_session_; }
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
    bool moving() const;
    nlohmann::json status(TimePoint now) const;
    nlohmann::json devices() const;
    // Where the raw force recordings are kept (beside the records store).
    std::string recordings_dir() const;
    const std::optional<store::Runner>& runner() const { return runner_; }
    std::optional<protocol::DayPlan> today_plan() const { return plan_; }
    // Events for subscribers since the last call (steps and new alarms).
    std::vector<nlohmann::json> take_events();

private:
    struct Pending {
        OperatorRequest request;
        Reply reply;
        std::optional<TimePoint> drive_reset_at; // acknowledge: when the drive reset was sent
    };

    double seconds(TimePoint t) const;
    void feed_gait(TimePoint now);
    void on_step(const gait::StepEvent& step);
    enum class Next { none, command, refused, wait };
    Next next_command(TimePoint now, std::optional<safety::OperatorCommand>& command,
                      nlohmann::json& refusal);
    bool drive_reset_pending(Pending& p, TimePoint now);
    std::optional<safety::OperatorCommand> protocol_command(TimePoint now);
    safety::SupervisorInputs inputs(TimePoint now) const;
    safety::SessionCaps caps() const;
    void after_command(const Pending& p, const safety::SupervisorOutputs& out, TimePoint now);
    void begin_session(TimePoint now);
    void end_session_if_over(TimePoint now);
    session::EndVerdict end_verdict() const;
    std::optional<std::size_t> live_phase() const;
    void record_alarms(const safety::SupervisorOutputs& out, TimePoint now);
    void flush_steps(TimePoint now, bool force);
    nlohmann::json refusal(const std::string& message) const;
    void load_plan_later(const store::Runner& runner);
    void audit(const OperatorRequest& request, const std::string& what, const std::string& value);
    void integrate_distance(TimePoint now);
    void watch_drive_writes(TimePoint now);

    ControlDeps deps_;
    safety::Supervisor supervisor_;
    TimePoint epoch_;
    std::optional<gait::GaitAnalyzer> gait_;

    std::deque<Pending> queue_;
    struct PendingCalibration {
        std::uint64_t step;
        TimePoint deadline;
        Reply reply;
    };
    std::vector<PendingCalibration> calibrations_;
    void answer_calibrations(TimePoint now);
    std::optional<TimePoint> last_heartbeat_;
    bool interactive_required_ = false;
    std::uint64_t acknowledge_count_ = 0;

    std::optional<store::Runner> runner_;
    std::optional<protocol::DayPlan> plan_;
    std::optional<protocol::LiveSession> live_;
    protocol::LiveOutput live_out_;
    std::optional<double> pending_pain_;
    bool pending_limit_ = false;
    double last_protocol_request_ = -1;
    std::size_t phase_index_ = 0;
    double phase_started_s_ = 0;

    // A session is under way from the accepted start until its end is recorded; its id is
    // known once the writer has opened the record.
    bool in_session_ = false;
    std::optional<store::RowId> session_id_;
    std::optional<Reply> start_reply_; // answered when the record is open (or failed)
    void on_session_record(store::Result<store::RowId> id, TimePoint started);
    void records_failed(const std::string& what, const std::string& message);
    bool records_alarm_raised_ = false;
    std::optional<SessionRecording> recording_;
    double session_start_s_ = 0;
    std::int64_t step_seq_ = 0;
    std::vector<store::StepRecord> unsaved_steps_;
    TimePoint last_flush_{};
    int max_pain_ = -1;
    std::optional<TimePoint> last_pain_at_;
    double distance_m_ = 0;
    double run_time_s_ = 0; // in run phases with the belt moving
    std::optional<TimePoint> distance_at_;
    bool operator_stopped_ = false;

    std::optional<safety::SupervisorOutputs> last_out_;
    DriveSnapshot drive_; // what the drive thread reported, taken at the start of the tick
    // Writes the drive keeps refusing: past kDriveWritesFailingFor the link counts as lost.
    std::uint64_t drive_write_errors_seen_ = 0;
    std::optional<TimePoint> drive_writes_failing_since_;
    std::optional<TimePoint> drive_write_error_at_;
    double peak_force_since_tick_ = 0;
    std::optional<TimePoint> last_sample_at_;
    std::optional<gait::StepEvent> last_step_;
    std::array<gait::GaitSample, 4096> sample_buffer_{};
    safety::LatchedCodes alarms_seen_;
    std::vector<nlohmann::json> events_;
    std::string last_event_text_;
    // Tick period statistics (the benchmark reads them through `devices`).
    std::array<float, 4096> tick_periods_ms_{};
    std::array<float, 4096> tick_late_ms_{};
    std::uint64_t ticks_ = 0;
    std::optional<TimePoint> last_tick_;
};

} // namespace tg::service
