#pragma once
// The session core, pure: everything the controller decides while a runner is on the belt.
// Each call takes the time and what the shell observed, and returns the effects to carry
// out: the one drive command, the answers to requests, the records to write, the events
// for subscribers, and the slow work to do off the tick. No clock, no I/O, no threads:
// tests drive it by hand, like the supervisor it owns.
//
// What it holds: the request queue (per-client bounds, newest speed request wins), the
// supervisor (and through it the one limiter), the gait analysis, today's plan and its
// live phases, the caps each phase implies, when steps are flushed, how far the belt ran,
// and why the session ended.
#include "controller/api/api_events.hpp"
#include "controller/api/status_message.hpp"
#include "controller/gait/gait_analyzer.hpp"
#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/live_session.hpp"
#include "controller/safety/supervisor.hpp"
#include "controller/session/session_effects.hpp"
#include "controller/session/session_policy.hpp"
#include "controller/store/record_writer.hpp"
#include "controller/store/store.hpp"

#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tg::session {

// What the shell saw of the drive this tick (from the drive thread's snapshot).
struct DriveObservation {
    std::optional<TimePoint> read_at; // the last fresh status; empty when none yet
    double belt_kmh = 0;
    int fault_code = 0;            // -1 when the drive reported one the map cannot decode
    bool stop_unconfirmed = false; // a stop the drive refused or is not carrying out
    std::uint64_t write_errors = 0;
};

struct Observations {
    Stamp at;
    DriveObservation drive;
    std::span<const gait::GaitSample> samples; // force samples since the last tick
    std::optional<TimePoint> last_heartbeat;   // the newest watching client's heartbeat
    bool interactive_required = false;         // a client watches: its heartbeat counts
    store::WriterHealth records;               // the records writer's state
};

struct CoreSettings {
    safety::SupervisorSettings supervisor;
    double machine_max_kmh = 16;
    // Records for these settings' sessions; the recording dir is the shell's business.
    std::size_t max_pending_per_client = 4;
    double pain_reports_per_s = 1;
};

class SessionCore {
public:
    SessionCore(CoreSettings settings, TimePoint epoch);

    // A belt command for the next tick. Refused at once (busy) when this client already has
    // the maximum waiting; a newer speed request replaces one that is still waiting.
    Effects submit(Request request);
    // Stop and emergency stop: applied now, ahead of everything queued, whoever sent it.
    Effects stop_now(Stamp at, const Request& request);
    // One control tick.
    Effects step(const Observations& seen);

    // Not supervisor commands: answered at once.
    Effects report_pain(Stamp at, std::uint64_t token, int level);
    Effects limit_coming(std::uint64_t token);

    // Answers to the slow work asked for in Effects.
    Effects record_opened(Stamp at, const store::Result<store::RowId>& id);
    Effects plan_loaded(store::RowId runner_id, const protocol::DayPlan& plan);
    // A clinician changed the plan: re-plan today, unless a session is under way.
    Effects replan();

    // Read-only views for the status object and the API.
    bool moving() const;
    bool session_open() const { return in_session_; }
    bool emergency_stop_latched() const;
    const std::optional<store::Runner>& runner() const { return runner_; }
    const std::optional<protocol::DayPlan>& plan() const { return plan_; }
    const std::optional<safety::SupervisorOutputs>& last_outputs() const { return last_out_; }
    // The session's part of the status object (state, runner, phase, speed, time, step,
    // cadence, loading rate, pain, limit, alarms, advice, event). Links are the shell's.
    void fill_status(TimePoint now, api::Status& s) const;
    std::optional<TimePoint> last_sample_at() const { return last_sample_at_; }
    double peak_force_since_tick() const { return peak_force_since_tick_; }

private:
    struct Pending {
        Request request;
        std::optional<TimePoint> drive_reset_at; // acknowledge: when the drive reset was sent
    };
    enum class Next { none, command, refused, wait };

    double seconds(TimePoint t) const;
    void feed_gait(const Observations& seen);
    void on_step(const gait::StepEvent& step);
    Next next_command(TimePoint now, std::optional<safety::OperatorCommand>& command,
                      Outcome& refusal);
    bool drive_reset_pending(Pending& p, TimePoint now);
    std::optional<safety::OperatorCommand> protocol_command(TimePoint now);
    safety::SupervisorInputs inputs(TimePoint now) const;
    safety::SessionCaps caps() const;
    std::optional<std::size_t> live_phase() const;
    void supervise(TimePoint now, std::optional<safety::OperatorCommand> command);
    void after_command(const Pending& p, Stamp at);
    void begin_session(Stamp at);
    void end_session_if_over(Stamp at);
    EndVerdict end_verdict(TimePoint now) const;
    void record_alarms(TimePoint now);
    void flush_steps(TimePoint now, bool force);
    void integrate_distance(TimePoint now);
    void watch_drive_writes(TimePoint now);
    void audit(const Request& request, Stamp at, const std::string& what, const std::string& value);
    void records_failed(const std::string& what, const std::string& message);
    Effects take();

    CoreSettings settings_;
    safety::Supervisor supervisor_;
    TimePoint epoch_;
    gait::GaitAnalyzer gait_;
    Effects fx_; // what the current call decided

    std::deque<Pending> queue_;
    std::uint64_t acknowledge_count_ = 0;
    DriveObservation drive_;
    std::optional<TimePoint> last_heartbeat_;
    bool interactive_required_ = false;
    store::WriterHealth records_;
    // Writes the drive keeps refusing: past kDriveWritesFailingFor the link counts as lost.
    std::uint64_t drive_write_errors_seen_ = 0;
    std::optional<TimePoint> drive_writes_failing_since_;
    std::optional<TimePoint> drive_write_error_at_;

    std::optional<store::Runner> runner_;
    std::optional<protocol::DayPlan> plan_;
    std::optional<protocol::LiveSession> live_;
    protocol::LiveOutput live_out_;
    std::optional<double> pending_pain_;
    bool pending_limit_ = false;
    double last_protocol_request_ = -1;
    std::size_t phase_index_ = 0;
    double phase_started_s_ = 0;
    std::string last_event_text_;

    // A session is under way from the accepted start until its end is recorded; its id is
    // known once the writer has opened the record.
    bool in_session_ = false;
    std::optional<store::RowId> session_id_;
    std::optional<std::uint64_t> start_token_; // answered when the record is open (or failed)
    double session_start_s_ = 0;
    std::int64_t step_seq_ = 0;
    std::vector<store::StepRecord> unsaved_steps_;
    TimePoint last_flush_{};
    int max_pain_ = -1;
    std::optional<TimePoint> last_pain_at_;
    double distance_m_ = 0;
    double run_time_s_ = 0;     // in run phases with the belt moving
    double run_distance_m_ = 0; // the belt distance of that running time
    std::optional<TimePoint> distance_at_;
    bool operator_stopped_ = false;

    std::optional<safety::SupervisorOutputs> last_out_;
    double peak_force_since_tick_ = 0;
    std::optional<TimePoint> last_sample_at_;
    std::optional<gait::StepEvent> last_step_;
    safety::LatchedCodes alarms_seen_;
};

} // namespace tg::session
