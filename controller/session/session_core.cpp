#include "controller/session/session_core.hpp"

#include <algorithm>
#include <cmath>

namespace tg::session {

using safety::CommandKind;
using safety::SupervisorState;

namespace {

constexpr double kGravity = 9.80665;
// Steps reach the records this often: a killed controller loses at most this much.
constexpr auto kStepFlushPeriod = std::chrono::milliseconds(250);
// A drive that answers reads but refuses writes does not obey the setpoint: refused for
// this long, its link counts as lost.
constexpr auto kDriveWritesFailingFor = std::chrono::milliseconds(250);
constexpr auto kDriveWritesQuietAfter = std::chrono::milliseconds(200);
// An acknowledge waits this long for the drive to clear its fault after the reset.
constexpr auto kDriveResetWait = std::chrono::seconds(1);
constexpr double kAdvisoryValrBwS = 66.0;

bool moving_state(SupervisorState s) {
    return s == SupervisorState::starting || s == SupervisorState::running ||
           s == SupervisorState::cool_down || s == SupervisorState::stopping;
}

std::optional<double> finite(double v) {
    return std::isfinite(v) ? std::optional(v) : std::nullopt;
}

store::StepSide store_side(gait::FootSide side) {
    switch (side) {
    case gait::FootSide::left:
        return store::StepSide::left;
    case gait::FootSide::right:
        return store::StepSide::right;
    case gait::FootSide::unknown:
        break;
    }
    return store::StepSide::unknown;
}

const char* request_name(RequestKind kind) {
    switch (kind) {
    case RequestKind::select_runner:
        return "runner.select";
    case RequestKind::start:
        return "start";
    case RequestKind::stop:
        return "stop";
    case RequestKind::emergency_stop:
        return "emergency_stop";
    case RequestKind::speed:
        return "speed";
    case RequestKind::acknowledge:
        return "fault.ack";
    }
    return "unknown";
}

gait::GaitConfig gait_for(double body_mass_kg) {
    gait::GaitConfig cfg;
    if (body_mass_kg > 0) cfg.body_weight_n = body_mass_kg * kGravity;
    return cfg;
}

} // namespace

api::AlarmEvent records_failing_alarm(const std::string& what, const std::string& message) {
    return {"records_failing", "advisory", "records: " + what + " was not written: " + message,
            "check the records disk; no new session starts until records are written again"};
}

SessionCore::SessionCore(CoreSettings settings, TimePoint epoch)
    : settings_(std::move(settings)), supervisor_(settings_.supervisor), epoch_(epoch),
      gait_(gait::GaitConfig{}) {
    unsaved_steps_.reserve(256);
}

double SessionCore::seconds(TimePoint t) const {
    return std::chrono::duration<double>(t - epoch_).count();
}

Effects SessionCore::take() {
    return std::exchange(fx_, {});
}

Effects SessionCore::submit(Request request) {
    if (request.kind == RequestKind::speed) {
        for (auto& p : queue_) {
            if (p.request.kind != RequestKind::speed) continue;
            Outcome replaced;
            replaced.note = "replaced by a newer speed request";
            fx_.answers.push_back({p.request.token, replaced});
            p.request = std::move(request);
            return take();
        }
    }
    const auto mine = std::count_if(queue_.begin(), queue_.end(), [&](const Pending& p) {
        return p.request.client_id == request.client_id;
    });
    if (static_cast<std::size_t>(mine) >= settings_.max_pending_per_client) {
        fx_.answers.push_back(
            {request.token, Outcome::busy("this connection already has commands waiting; wait "
                                          "for their replies")});
        return take();
    }
    queue_.push_back({std::move(request), std::nullopt});
    return take();
}

Effects SessionCore::stop_now(Stamp at, const Request& request) {
    const auto kind = request.kind == RequestKind::emergency_stop ? CommandKind::emergency_stop
                                                                  : CommandKind::stop;
    supervise(at.now, safety::OperatorCommand{kind, 0});
    after_command({request, std::nullopt}, at);
    record_alarms(at.now);
    return take();
}

bool SessionCore::emergency_stop_latched() const {
    return supervisor_.state() == SupervisorState::emergency_stop;
}

bool SessionCore::moving() const {
    return moving_state(supervisor_.state());
}

void SessionCore::audit(const Request& request, Stamp at, const std::string& what,
                        const std::string& value) {
    store::AuditEntry e;
    e.who = "operator";
    e.client = request.client;
    e.when_unix_ms = at.wall_ms;
    e.what = what;
    e.new_value = value;
    e.why = session_id_ ? "session " + std::to_string(*session_id_) : std::string();
    fx_.records.emplace_back(AuditRecord{std::move(e)});
}

void SessionCore::records_failed(const std::string& what, const std::string& message) {
    fx_.events.emplace_back(records_failing_alarm(what, message));
}

Effects SessionCore::report_pain(Stamp at, std::uint64_t token, int level) {
    auto answer = [&](Outcome o) {
        fx_.answers.push_back({token, std::move(o)});
        return take();
    };
    if (!in_session_) return answer(Outcome::refused("no session is running"));
    if (!session_id_)
        return answer(Outcome::refused("the session's record is being opened; try again"));
    if (last_pain_at_ &&
        at.now - *last_pain_at_ < std::chrono::duration<double>(1 / settings_.pain_reports_per_s))
        return answer(Outcome::busy("one pain report per second at most"));
    last_pain_at_ = at.now;
    pending_pain_ = level;
    max_pain_ = std::max(max_pain_, level);
    fx_.records.emplace_back(PainRecord{{*session_id_, seconds(at.now) - session_start_s_, level}});
    const double threshold = plan_ ? plan_->pain_threshold : 2.0;
    Outcome o;
    o.pain = api::PainReply{level, threshold, level > threshold};
    return answer(std::move(o));
}

Effects SessionCore::limit_coming(std::uint64_t token) {
    Outcome o;
    if (!live_) {
        o = Outcome::refused("no session is running");
    } else if (live_out_.kind != protocol::PhaseKind::run &&
               live_out_.kind != protocol::PhaseKind::walk_run_intervals) {
        o = Outcome::refused("'limit coming' ends a run phase, and none is under way now (use "
                             "stop to end the session)");
    } else {
        pending_limit_ = true;
    }
    fx_.answers.push_back({token, std::move(o)});
    return take();
}

void SessionCore::feed_gait(const Observations& seen) {
    peak_force_since_tick_ = 0;
    for (const auto& sample : seen.samples) {
        peak_force_since_tick_ = std::max(peak_force_since_tick_, sample.vertical_force_n);
        if (auto step = gait_.update(sample)) on_step(*step);
    }
    if (!seen.samples.empty()) last_sample_at_ = seen.at.now;
}

void SessionCore::on_step(const gait::StepEvent& step) {
    last_step_ = step;
    api::StepEvent e;
    e.side = gait::to_string(step.side);
    e.mode = gait::to_string(step.mode);
    e.peak_bw = finite(step.peak_force_bw);
    if (step.has_impact_peak) e.impact_peak_bw = finite(step.impact_peak_bw);
    e.valr_bw_s = finite(step.valr_bw_s);
    e.contact_s = finite(step.contact_time_s);
    e.cadence_spm = finite(step.cadence_spm);
    fx_.events.emplace_back(std::move(e));
    if (!in_session_) return;
    store::StepRecord r;
    r.seq = ++step_seq_;
    r.t_s = step.strike_time_s - session_start_s_;
    r.side = store_side(step.side);
    // What the analysis could not measure (NaN) is recorded as unmeasured, never as 0.
    r.step_time_s = finite(step.step_time_s);
    r.contact_time_s = finite(step.contact_time_s);
    r.flight_time_s = finite(step.flight_time_s);
    r.peak_force_n = std::isfinite(step.peak_force_n) ? step.peak_force_n : 0.0;
    r.peak_force_bw = std::isfinite(step.peak_force_bw) ? step.peak_force_bw : 0.0;
    if (step.has_impact_peak) r.impact_peak_bw = finite(step.impact_peak_bw);
    r.valr_bw_s = finite(step.valr_bw_s);
    r.vilr_bw_s = finite(step.vilr_bw_s);
    r.cadence_spm = finite(step.cadence_spm);
    unsaved_steps_.push_back(r);
}

std::optional<std::size_t> SessionCore::live_phase() const {
    if (!live_ || live_out_.finished) return std::nullopt;
    return live_out_.phase_index;
}

safety::SessionCaps SessionCore::caps() const {
    return session_caps(plan_ ? &*plan_ : nullptr, live_phase(), settings_.machine_max_kmh);
}

safety::SupervisorInputs SessionCore::inputs(TimePoint now) const {
    safety::SupervisorInputs in;
    in.caps = caps();
    const bool writes_failing =
        drive_writes_failing_since_ && now - *drive_writes_failing_since_ > kDriveWritesFailingFor;
    if (drive_.read_at && !writes_failing) {
        in.drive.last_fresh = drive_.read_at;
        in.drive.fault_code =
            static_cast<std::uint16_t>(drive_.fault_code < 0 ? 0xFFFF : drive_.fault_code);
        in.drive.actual_kmh = drive_.belt_kmh;
    }
    in.drive.stop_unconfirmed = drive_.stop_unconfirmed;
    in.force.last_fresh = last_sample_at_;
    in.force.vertical_force_n = peak_force_since_tick_;
    in.force.body_weight_n = runner_ ? runner_->body_mass_kg * kGravity : 0.0;
    in.client.last_heartbeat = last_heartbeat_;
    in.client.interactive_required = interactive_required_;
    return in;
}

// The one place the supervisor runs: its answer is this tick's drive order.
void SessionCore::supervise(TimePoint now, std::optional<safety::OperatorCommand> command) {
    auto in = inputs(now);
    in.command = command;
    last_out_ = supervisor_.update(now, in);
    if (last_out_->command && last_out_->command->kind == CommandKind::acknowledge_fault &&
        last_out_->command->accepted)
        ++acknowledge_count_;
    fx_.drive = DriveOrder{last_out_->intent, last_out_->speed, acknowledge_count_};
}

// A latched drive fault can only clear once the drive itself is reset, so an acknowledge
// first resets the drive (which writes stop before the reset: it never restarts the belt)
// and reaches the supervisor when the drive reports no fault, or after a second.
bool SessionCore::drive_reset_pending(Pending& p, TimePoint now) {
    const bool faulted = drive_.read_at && drive_.fault_code != 0;
    if (!faulted) return false;
    if (!p.drive_reset_at) {
        p.drive_reset_at = now;
        ++acknowledge_count_;
        return true;
    }
    return now - *p.drive_reset_at < kDriveResetWait;
}

SessionCore::Next SessionCore::next_command(TimePoint now,
                                            std::optional<safety::OperatorCommand>& command,
                                            Outcome& refused) {
    if (queue_.empty()) return Next::none;
    auto& pending = queue_.front();
    const auto& r = pending.request;
    auto take_command = [&](CommandKind kind, double kmh) {
        command = safety::OperatorCommand{kind, kmh};
        return Next::command;
    };
    auto refuse = [&](std::string message) {
        refused = Outcome::refused(std::move(message));
        return Next::refused;
    };
    switch (r.kind) {
    case RequestKind::select_runner:
        if (in_session_) return refuse("a session is running; stop it before changing runner");
        if (!r.runner_record || !r.plan) return refuse("no runner named '" + r.runner + "'");
        runner_ = r.runner_record;
        gait_ = gait::GaitAnalyzer(gait_for(runner_->body_mass_kg));
        plan_ = r.plan;
        return take_command(CommandKind::select_runner, 0);
    case RequestKind::start:
        if (!runner_ || !plan_) return refuse("select a runner first");
        if (in_session_) return refuse("a session is already under way");
        // The last record written failed (full disk, I/O error) or the queue is full: the
        // session could not be recorded, so it does not start. The next record that is
        // written (any audit entry, e.g. selecting the runner again) clears this.
        if (records_.state != store::WriterState::ok)
            return refuse("the records store is failing (" + records_.last_error +
                          "): no session starts without its record");
        if (plan_->rest_day)
            return refuse("today is a rest day: " + (plan_->reasons.empty()
                                                         ? std::string("the plan says rest")
                                                         : plan_->reasons.back()));
        if (plan_->entry_checks_open()) {
            std::string open;
            for (const auto& check : plan_->entry_checks)
                if (!check.passed) open += (open.empty() ? "" : "; ") + check.question;
            return refuse("the first run starts only once every entry check is passed; open: " +
                          open);
        }
        return take_command(CommandKind::start, start_speed(*plan_));
    case RequestKind::stop:
        return take_command(CommandKind::stop, 0);
    case RequestKind::emergency_stop:
        return take_command(CommandKind::emergency_stop, 0);
    case RequestKind::speed:
        // Passed through as asked: the limiter holds it within the phase's cap.
        return take_command(CommandKind::request_speed, r.kmh);
    case RequestKind::acknowledge:
        if (drive_reset_pending(pending, now)) return Next::wait;
        return take_command(CommandKind::acknowledge_fault, 0);
    }
    return Next::none;
}

std::optional<safety::OperatorCommand> SessionCore::protocol_command(TimePoint now) {
    if (!live_) return std::nullopt;
    protocol::LiveInput in;
    in.now_s = seconds(now);
    in.pain = std::exchange(pending_pain_, std::nullopt);
    in.limit_coming = std::exchange(pending_limit_, false);
    in.belt_speed_kmh = drive_.read_at ? drive_.belt_kmh : 0.0;
    if (last_step_ && std::isfinite(gait_.rolling_cadence_spm()))
        in.cadence_spm = gait_.rolling_cadence_spm();
    live_out_ = live_->update(in);
    if (live_out_.phase_index != phase_index_) {
        phase_index_ = live_out_.phase_index;
        phase_started_s_ = in.now_s;
    }
    if (!live_out_.event.empty()) {
        last_event_text_ = live_out_.event;
        fx_.events.emplace_back(api::PhaseEvent{live_out_.event});
    }
    const auto state = supervisor_.state();
    if (live_out_.finished &&
        (state == SupervisorState::running || state == SupervisorState::cool_down))
        return safety::OperatorCommand{CommandKind::stop, 0};
    if (state == SupervisorState::running &&
        std::abs(live_out_.speed_request_kmh - last_protocol_request_) > 0.01) {
        last_protocol_request_ = live_out_.speed_request_kmh;
        return safety::OperatorCommand{CommandKind::request_speed, live_out_.speed_request_kmh};
    }
    return std::nullopt;
}

Effects SessionCore::step(const Observations& seen) {
    const auto now = seen.at.now;
    drive_ = seen.drive;
    last_heartbeat_ = seen.last_heartbeat;
    interactive_required_ = seen.interactive_required;
    records_ = seen.records;
    watch_drive_writes(now);
    feed_gait(seen);
    std::optional<safety::OperatorCommand> command;
    Outcome refused;
    const Next next = next_command(now, command, refused);
    if (next == Next::refused) { // refused before reaching the supervisor
        fx_.answers.push_back({queue_.front().request.token, std::move(refused)});
        queue_.pop_front();
    }
    // The protocol's phase targets go through the same limiter, when no operator command
    // is waiting this tick.
    auto protocol = protocol_command(now);
    if (!command && protocol) command = protocol;
    supervise(now, command);
    if (next == Next::command) {
        after_command(queue_.front(), seen.at);
        queue_.pop_front();
    }
    record_alarms(now);
    integrate_distance(now);
    end_session_if_over(seen.at);
    flush_steps(now, false);
    return take();
}

void SessionCore::after_command(const Pending& p, Stamp at) {
    const auto& out = *last_out_;
    Outcome reply;
    if (out.command && !out.command->accepted) {
        const auto code = out.command->note.value_or(safety::AlarmCode::request_invalid);
        reply = Outcome::refused(std::string(safety::describe(code).reason));
        reply.reason_code = std::string(safety::describe(code).id);
    } else if (out.command && out.command->note) {
        reply.note = std::string(safety::describe(*out.command->note).reason);
    }
    const auto kind = p.request.kind;
    if (reply.ok) {
        if (kind == RequestKind::start) begin_session(at);
        if (kind == RequestKind::select_runner && plan_) {
            reply.plan = *plan_;
            reply.runner = runner_->name;
        }
        if ((kind == RequestKind::stop || kind == RequestKind::emergency_stop) && in_session_)
            operator_stopped_ = true;
        if (kind == RequestKind::stop && live_) live_out_.finished = true;
        reply.session_id = session_id_;
    }
    std::string value = reply.ok ? "accepted" : "refused";
    if (kind == RequestKind::speed) value += " " + std::to_string(p.request.kmh) + " km/h";
    if (kind == RequestKind::select_runner) value += " " + p.request.runner;
    audit(p.request, at, request_name(kind), value);
    // A start is answered once its record exists: no session runs without one.
    if (kind == RequestKind::start && reply.ok && in_session_ && !session_id_) {
        start_token_ = p.request.token;
        return;
    }
    fx_.answers.push_back({p.request.token, std::move(reply)});
}

void SessionCore::begin_session(Stamp at) {
    store::SessionStart start;
    start.runner_id = runner_->id;
    start.start_unix_ms = at.wall_ms;
    start.profile_name = plan_->profile;
    const auto c = caps();
    start.caps = {c.speed_cap_kmh, std::chrono::duration<double>(c.duration_cap).count(),
                  static_cast<int>(std::lround(plan_->pain_threshold))};
    in_session_ = true;
    session_id_.reset();
    session_start_s_ = seconds(at.now);
    fx_.records.emplace_back(BeginSessionRecord{start});
    step_seq_ = 0;
    unsaved_steps_.clear();
    max_pain_ = -1;
    distance_m_ = 0;
    run_time_s_ = 0;
    run_distance_m_ = 0;
    distance_at_.reset();
    operator_stopped_ = false;
    last_protocol_request_ = -1;
    live_.emplace(*plan_, seconds(at.now));
    live_out_ = {};
    phase_index_ = 0;
    phase_started_s_ = seconds(at.now);
    alarms_seen_.reset();
}

// The writer opened the session's record (or could not): answer the start. Without a
// record the belt is stopped at once: no session runs unrecorded.
Effects SessionCore::record_opened(Stamp at, const store::Result<store::RowId>& id) {
    if (!in_session_) return take(); // ended before the record was opened
    auto token = std::exchange(start_token_, std::nullopt);
    if (!id.ok()) {
        records_failed("session start", id.error().message);
        Request stop;
        stop.kind = RequestKind::stop;
        stop.client = "controller (records failing)";
        supervise(at.now, safety::OperatorCommand{CommandKind::stop, 0});
        audit(stop, at, "stop", "accepted");
        record_alarms(at.now);
        in_session_ = false;
        live_.reset();
        if (token)
            fx_.answers.push_back(
                {*token, Outcome::refused("the records store failed (" + id.error().message +
                                          "): the session was not started")});
        return take();
    }
    session_id_ = id.value();
    fx_.recording.emplace_back(OpenRecording{*session_id_, runner_->body_mass_kg, runner_->name});
    if (token) {
        Outcome o;
        o.session_id = session_id_;
        fx_.answers.push_back({*token, std::move(o)});
    }
    return take();
}

Effects SessionCore::plan_loaded(store::RowId runner_id, const protocol::DayPlan& plan) {
    if (!in_session_ && runner_ && runner_->id == runner_id) plan_ = plan;
    return take();
}

Effects SessionCore::replan() {
    if (runner_ && !in_session_) fx_.load_plan = runner_;
    return take();
}

EndVerdict SessionCore::end_verdict(TimePoint now) const {
    EndFacts f;
    f.state = supervisor_.state();
    f.last_stop = supervisor_.status(now).last_stop_reason;
    if (live_ && live_->limit()) f.limit_reason = live_->limit()->reason;
    f.operator_stopped = operator_stopped_;
    return session::end_verdict(f);
}

void SessionCore::watch_drive_writes(TimePoint now) {
    if (drive_.write_errors > drive_write_errors_seen_) {
        drive_write_errors_seen_ = drive_.write_errors;
        drive_write_error_at_ = now;
        if (!drive_writes_failing_since_) drive_writes_failing_since_ = now;
    } else if (drive_write_error_at_ && now - *drive_write_error_at_ > kDriveWritesQuietAfter) {
        drive_writes_failing_since_.reset();
    }
}

void SessionCore::integrate_distance(TimePoint now) {
    if (!in_session_) {
        distance_at_.reset();
        return;
    }
    const double kmh = drive_.read_at ? std::max(0.0, drive_.belt_kmh) : 0.0;
    if (distance_at_) {
        const double dt = std::chrono::duration<double>(now - *distance_at_).count();
        distance_m_ += kmh / 3.6 * dt;
        // Running time as the protocol counts it (run phases, the running part of walk-run
        // intervals), whatever later ends the session: a stop mid-run keeps what was run.
        const bool running_phase =
            live_ && !live_out_.finished &&
            (live_out_.kind == protocol::PhaseKind::run ||
             (live_out_.kind == protocol::PhaseKind::walk_run_intervals && live_out_.running));
        if (running_phase && kmh > 0.05) {
            run_time_s_ += dt;
            run_distance_m_ += kmh / 3.6 * dt;
        }
    }
    distance_at_ = now;
}

void SessionCore::end_session_if_over(Stamp at) {
    if (!in_session_ || moving_state(supervisor_.state())) return;
    if (!session_id_) return; // the record is still being opened: end it once it is
    flush_steps(at.now, true);
    store::SessionEnd end;
    end.end_unix_ms = at.wall_ms;
    const auto record = live_->record(protocol::Day{});
    // A fault or an emergency stop is not a pain-free limit, but a limit recorded before
    // one (the runner pressed "limit coming", then the belt faulted) stands.
    const auto& limit = live_->limit();
    const auto verdict = end_verdict(at.now);
    end.end_reason = verdict.reason;
    end.alarm_code = verdict.alarm_code;
    if (limit) {
        end.pain_free_limit_s = limit->run_s;
        end.pain_free_limit_kmh = limit->speed_kmh;
    }
    end.distance_m = distance_m_;
    // The real time the belt ran, whatever ended it (the protocol's own figure counts only
    // a completed run phase).
    end.run_time_s = std::max<double>(record.run_s, run_time_s_);
    end.run_distance_m = run_distance_m_;
    api::SessionEndEvent summary;
    summary.session_id = *session_id_;
    summary.end_reason = std::string(store::end_reason_name(end.end_reason));
    summary.alarm_code = end.alarm_code;
    summary.distance_m = distance_m_;
    summary.run_time_s = end.run_time_s;
    if (limit) summary.limit = api::SessionEndLimit{double(limit->run_s), limit->speed_kmh};
    fx_.records.emplace_back(EndSessionRecord{*session_id_, end, summary});
    fx_.recording.emplace_back(CloseRecording{});
    in_session_ = false;
    session_id_.reset();
    live_.reset();
    // Tomorrow's plan depends on today's result: re-plan now.
    if (runner_) fx_.load_plan = runner_;
}

void SessionCore::record_alarms(TimePoint now) {
    safety::LatchedCodes current;
    for (const auto& alarm : last_out_->alarms) {
        const auto i = safety::index_of(alarm.code);
        current.set(i);
        if (alarms_seen_.test(i)) continue;
        // The end of a session someone asked for, or of its planned time, is not an alarm:
        // the session's end reason records it.
        if (alarm.code == safety::AlarmCode::operator_stop ||
            alarm.code == safety::AlarmCode::duration_cap_reached)
            continue;
        const auto& text = safety::describe(alarm.code);
        fx_.events.emplace_back(
            api::AlarmEvent{std::string(text.id), std::string(safety::to_string(alarm.action)),
                            std::string(text.reason), std::string(text.remedy)});
        if (session_id_) {
            const bool stop = alarm.action >= safety::Action::controlled_stop;
            fx_.records.emplace_back(
                AlarmRecordOp{{*session_id_, seconds(now) - session_start_s_, std::string(text.id),
                               stop ? store::AlarmSeverity::fault : store::AlarmSeverity::advisory,
                               std::string(text.reason)}});
        }
    }
    alarms_seen_ = current;
}

void SessionCore::flush_steps(TimePoint now, bool force) {
    if (!session_id_ || unsaved_steps_.empty()) return;
    if (!force && now - last_flush_ < kStepFlushPeriod) return;
    last_flush_ = now;
    fx_.flush_recording = true;
    fx_.records.emplace_back(StepsRecord{*session_id_, std::exchange(unsaved_steps_, {})});
    unsaved_steps_.reserve(256);
}

void SessionCore::fill_status(TimePoint now, api::Status& s) const {
    const auto sup = supervisor_.status(now);
    s.state = std::string(sup.state_name);
    if (runner_) s.runner = runner_->name;
    if (session_id_) s.session_id = *session_id_;
    if (plan_ && live_ && !live_out_.finished && !plan_->phases.empty()) {
        const auto i = std::min(live_out_.phase_index, plan_->phases.size() - 1);
        const auto& p = plan_->phases[i];
        api::PhaseStatus phase;
        phase.index = static_cast<std::int64_t>(i);
        phase.kind = protocol::to_string(live_out_.kind);
        phase.cap_s = p.duration_cap_s;
        phase.elapsed_s = seconds(now) - phase_started_s_;
        phase.speed_cap_kmh = p.speed_cap_kmh;
        phase.running = live_out_.running;
        if (i + 1 < plan_->phases.size())
            phase.next = protocol::to_string(plan_->phases[i + 1].kind);
        s.phase = phase;
    }
    s.speed = {drive_.read_at ? drive_.belt_kmh : 0.0, sup.commanded_kmh, sup.requested_kmh,
               sup.speed_cap_kmh};
    s.time.elapsed_s = std::chrono::duration<double>(sup.run_elapsed).count();
    s.time.cap_s = std::chrono::duration<double>(sup.duration_cap).count();
    if (plan_) s.time.planned_s = plan_->planned_run_s;
    if (last_step_)
        s.step = api::StepStatus{std::string(gait::to_string(last_step_->side)),
                                 finite(last_step_->peak_force_bw), finite(last_step_->valr_bw_s),
                                 finite(last_step_->contact_time_s)};
    s.cadence.spm = finite(gait_.rolling_cadence_spm());
    s.cadence.target_spm = live_out_.cadence_target_spm;
    if (last_step_) s.loading_rate.valr_bw_s = finite(last_step_->valr_bw_s);
    s.loading_rate.advisory_bw_s = kAdvisoryValrBwS;
    s.loading_rate.method =
        "average loading rate, 20-80% of the impact peak (3-12% of stance without one); " +
        gait::describe_filter(gait::GaitConfig{});
    if (max_pain_ >= 0 && session_id_)
        s.pain.last = static_cast<int>(std::lround(pending_pain_.value_or(max_pain_)));
    if (max_pain_ >= 0) s.pain.max = max_pain_;
    if (plan_) s.pain.threshold = plan_->pain_threshold;
    if (live_ && live_->limit())
        s.limit =
            api::LimitStatus{static_cast<double>(live_->limit()->run_s), live_->limit()->speed_kmh,
                             protocol::to_string(live_->limit()->reason)};
    if (last_out_) {
        for (const auto& a : last_out_->alarms) {
            const auto& text = safety::describe(a.code);
            s.alarms.push_back(api::AlarmStatus{std::string(text.id),
                                                std::string(safety::to_string(a.action)),
                                                std::string(text.reason), std::string(text.remedy),
                                                sup.latched.test(safety::index_of(a.code))});
        }
    }
    if (runner_) s.force.bw = peak_force_since_tick_ / (runner_->body_mass_kg * kGravity);
    s.force.vertical_n = peak_force_since_tick_;
    if (plan_) s.advice = plan_->advisories;
    if (last_step_ && std::isfinite(last_step_->valr_bw_s) &&
        last_step_->valr_bw_s > kAdvisoryValrBwS)
        s.advice.push_back(
            "Loading rate above 66 BW/s: try shorter, quicker steps and a softer landing.");
    if (!last_event_text_.empty()) s.event = last_event_text_;
}

} // namespace tg::session
