#include "controller/service/control_loop.hpp"

#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/plan_json.hpp"
#include "controller/service/api_limits.hpp"
#include "controller/service/plan_loading.hpp"
#include "controller/service/protocol_bridge.hpp"
#include "controller/service/slow_work.hpp"
#include "controller/session/session_policy.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace tg::service {

using safety::CommandKind;
using safety::SupervisorState;
using json = nlohmann::json;

namespace {

constexpr double kGravity = 9.80665;
constexpr auto kStepFlushPeriod = std::chrono::milliseconds(250);

bool moving_state(SupervisorState s) {
    return s == SupervisorState::starting || s == SupervisorState::running ||
           s == SupervisorState::cool_down || s == SupervisorState::stopping;
}

json number_or_null(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
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

} // namespace

ControlLoop::ControlLoop(ControlDeps deps, safety::SupervisorSettings settings, TimePoint epoch)
    : deps_(std::move(deps)), supervisor_(settings), epoch_(epoch), gait_(gait::GaitConfig{}) {
    unsaved_steps_.reserve(256);
}

double ControlLoop::seconds(TimePoint t) const {
    return std::chrono::duration<double>(t - epoch_).count();
}

void ControlLoop::submit(OperatorRequest request, Reply reply) {
    if (request.kind == RequestKind::speed) {
        for (auto& p : queue_) {
            if (p.request.kind != RequestKind::speed) continue;
            p.reply({{"ok", true}, {"note", "replaced by a newer speed request"}});
            p.request = std::move(request);
            p.reply = std::move(reply);
            return;
        }
    }
    const auto mine = std::count_if(queue_.begin(), queue_.end(), [&](const Pending& p) {
        return p.request.client_id == request.client_id;
    });
    if (static_cast<std::size_t>(mine) >= kMaxPendingPerClient)
        return reply({{"ok", false},
                      {"error",
                       {{"code", "busy"},
                        {"message", "this connection already has commands waiting; wait for "
                                    "their replies"}}}});
    queue_.push_back({std::move(request), std::move(reply), std::nullopt});
}

void ControlLoop::stop_now(const OperatorRequest& request, const Reply& reply) {
    const auto now = Clock::now();
    auto in = inputs(now);
    in.command = safety::OperatorCommand{request.kind == RequestKind::emergency_stop
                                             ? CommandKind::emergency_stop
                                             : CommandKind::stop,
                                         0};
    last_out_ = supervisor_.update(now, in);
    deps_.drive->post({last_out_->intent, last_out_->speed, acknowledge_count_});
    after_command({request, reply, std::nullopt}, *last_out_, now);
    record_alarms(*last_out_, now);
}

bool ControlLoop::emergency_stop_latched() const {
    return supervisor_.state() == SupervisorState::emergency_stop;
}

void ControlLoop::audit(const OperatorRequest& request, const std::string& what,
                        const std::string& value) {
    store::AuditEntry e;
    e.who = "operator";
    e.client = request.client;
    e.when_unix_ms = deps_.wall_clock_ms();
    e.what = what;
    e.new_value = value;
    e.why = session_id_ ? "session " + std::to_string(*session_id_) : std::string();
    if (!deps_.records->try_append_audit(e)) records_failed("audit entry", "the queue is full");
}

json ControlLoop::refusal(const std::string& message) const {
    return {{"ok", false}, {"error", {{"code", "refused"}, {"message", message}}}};
}

json ControlLoop::report_pain(int level) {
    if (!in_session_) return refusal("no session is running");
    if (!session_id_) return refusal("the session's record is being opened; try again");
    const auto now = Clock::now();
    if (last_pain_at_ && now - *last_pain_at_ < std::chrono::duration<double>(1 / kPainReportsPerS))
        return {{"ok", false},
                {"error", {{"code", "busy"}, {"message", "one pain report per second at most"}}}};
    last_pain_at_ = now;
    pending_pain_ = level;
    max_pain_ = std::max(max_pain_, level);
    if (!deps_.records->try_add_pain_report(
            {*session_id_, seconds(Clock::now()) - session_start_s_, level}))
        records_failed("pain report", "the records queue is full");
    const double threshold = plan_ ? plan_->pain_threshold : 2.0;
    return {{"ok", true},
            {"pain", level},
            {"threshold", threshold},
            {"ends_run_phase", level > threshold}};
}

json ControlLoop::limit_coming() {
    if (!live_) return refusal("no session is running");
    const auto kind = live_out_.kind;
    if (kind != protocol::PhaseKind::run && kind != protocol::PhaseKind::walk_run_intervals)
        return refusal("'limit coming' ends a run phase, and none is under way now (use stop to "
                       "end the session)");
    pending_limit_ = true;
    return {{"ok", true}};
}

void ControlLoop::calibrate_plate(const PlateCalibrationStep& step, Reply reply) {
    if (deps_.plate == nullptr)
        return reply(refusal("the force plate is disabled in this configuration"));
    if (moving()) return reply(refusal("the belt must be at rest to calibrate the force plate"));
    const auto id = deps_.plate->request(step);
    const auto seconds =
        static_cast<long>(step.samples / 100 + 10); // ~1 kHz, with margin for slow links
    calibrations_.push_back({id, Clock::now() + std::chrono::seconds(seconds), std::move(reply)});
}

void ControlLoop::answer_calibrations(TimePoint now) {
    std::erase_if(calibrations_, [&](PendingCalibration& c) {
        if (auto r = deps_.plate->result(c.step)) {
            c.reply(r->ok ? json{{"ok", true}, {"message", r->message}} : refusal(r->message));
            return true;
        }
        if (now > c.deadline) {
            c.reply(refusal("the force plate sent too few samples to calibrate (check its link)"));
            return true;
        }
        return false;
    });
}

void ControlLoop::feed_gait(TimePoint now) {
    peak_force_since_tick_ = 0;
    if (deps_.plate == nullptr) return;
    std::size_t n = 0;
    while ((n = deps_.plate->drain(sample_buffer_)) > 0) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto& sample = sample_buffer_[i];
            peak_force_since_tick_ = std::max(peak_force_since_tick_, sample.vertical_force_n);
            if (recording_) recording_->write(sample);
            if (auto step = gait_->update(sample)) on_step(*step);
        }
        last_sample_at_ = now;
        if (n < sample_buffer_.size()) break;
    }
}

void ControlLoop::on_step(const gait::StepEvent& step) {
    last_step_ = step;
    json e = {{"side", gait::to_string(step.side)},
              {"mode", gait::to_string(step.mode)},
              {"peak_bw", number_or_null(step.peak_force_bw)},
              {"impact_peak_bw",
               step.has_impact_peak ? number_or_null(step.impact_peak_bw) : json(nullptr)},
              {"valr_bw_s", number_or_null(step.valr_bw_s)},
              {"contact_s", number_or_null(step.contact_time_s)},
              {"cadence_spm", number_or_null(step.cadence_spm)}};
    events_.push_back({{"v", 1}, {"event", "step"}, {"step", e}});
    if (!in_session_) return;
    store::StepRecord r;
    r.seq = ++step_seq_;
    r.t_s = step.strike_time_s - session_start_s_;
    r.side = store_side(step.side);
    // What the analysis could not measure (NaN) is recorded as unmeasured, never as 0.
    auto measured = [](double v) { return std::isfinite(v) ? std::optional(v) : std::nullopt; };
    r.step_time_s = measured(step.step_time_s);
    r.contact_time_s = measured(step.contact_time_s);
    r.flight_time_s = measured(step.flight_time_s);
    r.peak_force_n = std::isfinite(step.peak_force_n) ? step.peak_force_n : 0.0;
    r.peak_force_bw = std::isfinite(step.peak_force_bw) ? step.peak_force_bw : 0.0;
    if (step.has_impact_peak) r.impact_peak_bw = measured(step.impact_peak_bw);
    r.valr_bw_s = measured(step.valr_bw_s);
    r.vilr_bw_s = measured(step.vilr_bw_s);
    r.cadence_spm = measured(step.cadence_spm);
    unsaved_steps_.push_back(r);
}

std::optional<std::size_t> ControlLoop::live_phase() const {
    if (!live_ || live_out_.finished) return std::nullopt;
    return live_out_.phase_index;
}

safety::SessionCaps ControlLoop::caps() const {
    return session::session_caps(plan_ ? &*plan_ : nullptr, live_phase(),
                                 supervisor_.commanded().kmh(), deps_.treadmill.max_speed_kmh);
}

safety::SupervisorInputs ControlLoop::inputs(TimePoint now) const {
    safety::SupervisorInputs in;
    in.caps = caps();
    const auto& drive = drive_;
    const bool writes_failing = drive_writes_failing_since_ &&
                                now - *drive_writes_failing_since_ > std::chrono::milliseconds(250);
    if (drive.status && !writes_failing) {
        in.drive.last_fresh = drive.status->read_at;
        in.drive.fault_code = static_cast<std::uint16_t>(
            drive.status->fault_code < 0 ? 0xFFFF : drive.status->fault_code);
        in.drive.actual_kmh = drive.status->belt_kmh;
    }
    in.drive.stop_unconfirmed = drive.stop_unconfirmed;
    in.force.last_fresh = last_sample_at_;
    in.force.vertical_force_n = peak_force_since_tick_;
    in.force.body_weight_n = runner_ ? runner_->body_mass_kg * kGravity : 0.0;
    in.client.last_heartbeat = last_heartbeat_;
    in.client.interactive_required = interactive_required_;
    return in;
}

// Reads the profile file and the runner's history: off the tick. The new plan applies
// when it arrives, unless the runner changed or a session began meanwhile.
void ControlLoop::load_plan_later(const store::Runner& runner) {
    if (deps_.work == nullptr) return;
    const auto wall = deps_.wall_clock_ms();
    deps_.work->run([this, runner, wall](store::Store& db) {
        auto plan = load_today_plan(db, deps_.config, runner, wall);
        deps_.work->to_io([this, runner, plan = std::move(plan)] {
            auto* p = std::get_if<protocol::DayPlan>(&plan);
            if (p == nullptr || in_session_ || !runner_ || runner_->id != runner.id) return;
            plan_ = *p;
        });
    });
}

// A latched drive fault can only clear once the drive itself is reset, so an acknowledge
// first resets the drive (which writes stop before the reset: it never restarts the belt)
// and reaches the supervisor when the drive reports no fault, or after a second.
bool ControlLoop::drive_reset_pending(Pending& p, TimePoint now) {
    const auto& drive = drive_;
    const bool faulted = drive.status && drive.status->fault_code != 0;
    if (!faulted) return false;
    if (!p.drive_reset_at) {
        p.drive_reset_at = now;
        ++acknowledge_count_;
        return true;
    }
    return now - *p.drive_reset_at < std::chrono::seconds(1);
}

ControlLoop::Next ControlLoop::next_command(TimePoint now,
                                            std::optional<safety::OperatorCommand>& command,
                                            json& refused) {
    if (queue_.empty()) return Next::none;
    auto& pending = queue_.front();
    const auto& r = pending.request;
    auto take = [&](CommandKind kind, double kmh) {
        command = safety::OperatorCommand{kind, kmh};
        return Next::command;
    };
    auto refuse = [&](json reply) {
        refused = std::move(reply);
        return Next::refused;
    };
    switch (r.kind) {
    case RequestKind::select_runner: {
        if (in_session_)
            return refuse(refusal("a session is running; stop it before changing runner"));
        if (!r.runner_record || !r.plan)
            return refuse(refusal("no runner named '" + r.runner + "'"));
        runner_ = r.runner_record;
        gait::GaitConfig cfg;
        cfg.body_weight_n = runner_->body_mass_kg * kGravity;
        gait_.emplace(cfg);
        plan_ = r.plan;
        return take(CommandKind::select_runner, 0);
    }
    case RequestKind::start: {
        if (!runner_ || !plan_) return refuse(refusal("select a runner first"));
        if (in_session_) return refuse(refusal("a session is already under way"));
        // The last record written failed (full disk, I/O error) or the queue is full: the
        // session could not be recorded, so it does not start. The next record that is
        // written (any audit entry, e.g. selecting the runner again) clears this.
        if (const auto health = deps_.records->health(); health.state != store::WriterState::ok)
            return refuse(refusal("the records store is failing (" + health.last_error +
                                  "): no session starts without its record"));
        if (plan_->rest_day)
            return refuse(refusal("today is a rest day: " + (plan_->reasons.empty()
                                                                 ? std::string("the plan says rest")
                                                                 : plan_->reasons.back())));
        return take(CommandKind::start, session::start_speed(*plan_));
    }
    case RequestKind::stop: // stop_now() handles these; kept for completeness
        return take(CommandKind::stop, 0);
    case RequestKind::emergency_stop:
        return take(CommandKind::emergency_stop, 0);
    case RequestKind::speed: {
        // Within a session a request never exceeds the current phase's cap: "+" during the
        // cool-down walk cannot hold the run speed while the cap follows the belt down.
        const double kmh = plan_ ? session::phase_request(*plan_, live_phase(), r.kmh) : r.kmh;
        return take(CommandKind::request_speed, kmh);
    }
    case RequestKind::acknowledge:
        if (drive_reset_pending(pending, now)) return Next::wait;
        return take(CommandKind::acknowledge_fault, 0);
    }
    return Next::none;
}

std::optional<safety::OperatorCommand> ControlLoop::protocol_command(TimePoint now) {
    if (!live_) return std::nullopt;
    protocol::LiveInput in;
    in.now_s = seconds(now);
    in.pain = std::exchange(pending_pain_, std::nullopt);
    in.limit_coming = std::exchange(pending_limit_, false);
    const auto& drive = drive_;
    in.belt_speed_kmh = drive.status ? drive.status->belt_kmh : 0.0;
    if (last_step_ && std::isfinite(gait_->rolling_cadence_spm()))
        in.cadence_spm = gait_->rolling_cadence_spm();
    live_out_ = live_->update(in);
    if (live_out_.phase_index != phase_index_) {
        phase_index_ = live_out_.phase_index;
        phase_started_s_ = in.now_s;
    }
    if (!live_out_.event.empty()) {
        last_event_text_ = live_out_.event;
        events_.push_back({{"v", 1}, {"event", "phase"}, {"text", live_out_.event}});
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

void ControlLoop::tick(TimePoint now, std::optional<TimePoint> scheduled) {
    if (last_tick_) {
        const auto i = ticks_ % tick_periods_ms_.size();
        tick_periods_ms_[i] = static_cast<float>(
            std::chrono::duration<double, std::milli>(now - *last_tick_).count());
        tick_late_ms_[i] =
            scheduled ? static_cast<float>(
                            std::chrono::duration<double, std::milli>(now - *scheduled).count())
                      : 0.0f;
        ++ticks_;
    }
    last_tick_ = now;
    drive_ = deps_.drive->snapshot(); // once per tick: the snapshot copies under a lock
    watch_drive_writes(now);
    feed_gait(now);
    std::optional<safety::OperatorCommand> command;
    json refused;
    const Next next = next_command(now, command, refused);
    if (next == Next::refused) { // refused before reaching the supervisor
        queue_.front().reply(refused);
        queue_.pop_front();
    }
    // The protocol's phase targets go through the same limiter, when no operator command
    // is waiting this tick.
    auto protocol = protocol_command(now);
    if (!command && protocol) command = protocol;

    auto in = inputs(now);
    in.command = command;
    last_out_ = supervisor_.update(now, in);
    if (last_out_->command && last_out_->command->kind == CommandKind::acknowledge_fault &&
        last_out_->command->accepted)
        ++acknowledge_count_;
    deps_.drive->post({last_out_->intent, last_out_->speed, acknowledge_count_});

    if (next == Next::command) {
        after_command(queue_.front(), *last_out_, now);
        queue_.pop_front();
    }
    record_alarms(*last_out_, now);
    answer_calibrations(now);
    integrate_distance(now);
    end_session_if_over(now);
    flush_steps(now, false);
}

void ControlLoop::after_command(const Pending& p, const safety::SupervisorOutputs& out,
                                TimePoint now) {
    json reply = {{"ok", true}};
    if (out.command && !out.command->accepted) {
        const auto code = out.command->note.value_or(safety::AlarmCode::request_invalid);
        reply = refusal(std::string(safety::describe(code).reason));
        reply["error"]["reason_code"] = std::string(safety::describe(code).id);
    } else if (out.command && out.command->note) {
        reply["note"] = std::string(safety::describe(*out.command->note).reason);
    }
    if (reply["ok"].get<bool>()) {
        if (p.request.kind == RequestKind::start) begin_session(now);
        if (p.request.kind == RequestKind::select_runner && plan_) {
            reply["plan"] = protocol::plan_json(*plan_);
            reply["runner"] = runner_->name;
        }
        if ((p.request.kind == RequestKind::stop ||
             p.request.kind == RequestKind::emergency_stop) &&
            in_session_)
            operator_stopped_ = true;
        if (p.request.kind == RequestKind::stop && live_) live_out_.finished = true;
        if (session_id_) reply["session_id"] = *session_id_;
    }
    static const char* const kNames[] = {"runner.select",  "start", "stop",
                                         "emergency_stop", "speed", "fault.ack"};
    const auto kind = static_cast<std::size_t>(p.request.kind);
    std::string value = reply["ok"].get<bool>() ? "accepted" : "refused";
    if (p.request.kind == RequestKind::speed)
        value += " " + std::to_string(p.request.kmh) + " km/h";
    if (p.request.kind == RequestKind::select_runner) value += " " + p.request.runner;
    audit(p.request, kNames[kind], value);
    // A start is answered once its record exists: no session runs without one.
    if (p.request.kind == RequestKind::start && reply["ok"].get<bool>() && in_session_ &&
        !session_id_) {
        start_reply_ = p.reply;
        return;
    }
    p.reply(reply);
}

void ControlLoop::begin_session(TimePoint now) {
    store::SessionStart start;
    start.runner_id = runner_->id;
    start.start_unix_ms = deps_.wall_clock_ms();
    start.profile_name = plan_->profile;
    const auto c = caps();
    start.caps = {c.speed_cap_kmh, std::chrono::duration<double>(c.duration_cap).count(),
                  static_cast<int>(std::lround(plan_->pain_threshold))};
    in_session_ = true;
    session_id_.reset();
    session_start_s_ = seconds(now);
    const bool queued = deps_.records->try_begin_session(start, [this, now](auto id) {
        deps_.work->to_io([this, id = std::move(id), now] { on_session_record(id, now); });
    });
    if (!queued)
        on_session_record(store::Error{store::ErrorCode::database, "the records queue is full"},
                          now);
    step_seq_ = 0;
    max_pain_ = -1;
    distance_m_ = 0;
    run_time_s_ = 0;
    distance_at_.reset();
    operator_stopped_ = false;
    last_protocol_request_ = -1;
    live_.emplace(*plan_, seconds(now));
    live_out_ = {};
    phase_index_ = 0;
    phase_started_s_ = seconds(now);
    alarms_seen_.reset();
}

// The writer opened the session's record (or could not): answer the start. Without a
// record the belt is stopped at once: no session runs unrecorded.
void ControlLoop::on_session_record(store::Result<store::RowId> id, TimePoint started) {
    if (!in_session_) return; // ended before the record was opened: nothing to answer
    auto reply = std::exchange(start_reply_, std::nullopt);
    if (!id.ok()) {
        records_failed("session start", id.error().message);
        OperatorRequest stop;
        stop.kind = RequestKind::stop;
        stop.client = "controller (records failing)";
        stop_now(stop, [](json) {});
        in_session_ = false;
        live_.reset();
        if (reply)
            (*reply)(refusal("the records store failed (" + id.error().message +
                             "): the session was not started"));
        return;
    }
    session_id_ = id.value();
    recording_.emplace(recordings_dir(), *session_id_, runner_->body_mass_kg, runner_->name);
    if (!recording_->error().empty())
        events_.push_back({{"v", 1}, {"event", "error"}, {"message", recording_->error()}});
    (void)started;
    if (reply) (*reply)({{"ok", true}, {"session_id", *session_id_}});
}

void ControlLoop::records_failed(const std::string& what, const std::string& message) {
    events_.push_back({{"v", 1},
                       {"event", "alarm"},
                       {"alarm",
                        {{"code", "records_failing"},
                         {"severity", "advisory"},
                         {"reason", "records: " + what + " was not written: " + message},
                         {"action", "check the records disk; no new session starts until "
                                    "records are written again"}}}});
}

store::WriterHealth ControlLoop::records_health() const {
    return deps_.records->health();
}

session::EndVerdict ControlLoop::end_verdict() const {
    session::EndFacts f;
    f.state = supervisor_.state();
    f.last_stop = supervisor_.status(Clock::now()).last_stop_reason;
    if (live_ && live_->limit()) f.limit_reason = live_->limit()->reason;
    f.operator_stopped = operator_stopped_;
    return session::end_verdict(f);
}

// A drive that answers reads but refuses writes is as good as lost: it does not obey the
// setpoint. Writes failing for longer than the status timeout stop the belt as link loss.
void ControlLoop::watch_drive_writes(TimePoint now) {
    constexpr auto kQuietAfter = std::chrono::milliseconds(200);
    if (drive_.write_errors > drive_write_errors_seen_) {
        drive_write_errors_seen_ = drive_.write_errors;
        drive_write_error_at_ = now;
        if (!drive_writes_failing_since_) drive_writes_failing_since_ = now;
    } else if (drive_write_error_at_ && now - *drive_write_error_at_ > kQuietAfter) {
        drive_writes_failing_since_.reset();
    }
}

void ControlLoop::integrate_distance(TimePoint now) {
    if (!in_session_) {
        distance_at_.reset();
        return;
    }
    const double kmh = drive_.status ? std::max(0.0, drive_.status->belt_kmh) : 0.0;
    if (distance_at_) {
        const double dt = std::chrono::duration<double>(now - *distance_at_).count();
        distance_m_ += kmh / 3.6 * dt;
        // Running time as the protocol counts it (run phases, the running part of walk-run
        // intervals), whatever later ends the session: a stop mid-run keeps what was run.
        const bool running_phase =
            live_ && !live_out_.finished &&
            (live_out_.kind == protocol::PhaseKind::run ||
             (live_out_.kind == protocol::PhaseKind::walk_run_intervals && live_out_.running));
        if (running_phase && kmh > 0.05) run_time_s_ += dt;
    }
    distance_at_ = now;
}

void ControlLoop::end_session_if_over(TimePoint now) {
    if (!in_session_ || moving_state(supervisor_.state())) return;
    if (!session_id_) return; // the record is still being opened: end it once it is
    flush_steps(now, true);
    store::SessionEnd end;
    end.end_unix_ms = deps_.wall_clock_ms();
    const auto record = live_->record(day_of_unix_ms(end.end_unix_ms));
    // A fault or an emergency stop is not a pain-free limit, but a limit recorded before
    // one (the runner pressed "limit coming", then the belt faulted) stands.
    const auto& limit = live_->limit();
    const auto verdict = end_verdict();
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
    json summary = {{"session_id", *session_id_},
                    {"end_reason", store::end_reason_name(end.end_reason)},
                    {"alarm_code", end.alarm_code ? json(*end.alarm_code) : json(nullptr)},
                    {"distance_m", distance_m_},
                    {"run_time_s", end.run_time_s}};
    if (limit) summary["limit"] = {{"run_s", limit->run_s}, {"speed_kmh", limit->speed_kmh}};
    // The summary is announced once the end is durable: what the HMI then shows is what
    // the records hold.
    const bool queued = deps_.records->try_end_session(*session_id_, end, [this, summary](auto s) {
        deps_.work->to_io([this, summary, s] {
            if (!s.ok()) records_failed("session end", s.error().message);
            events_.push_back({{"v", 1}, {"event", "session_end"}, {"summary", summary}});
        });
    });
    if (!queued) records_failed("session end", "the records queue is full");
    in_session_ = false;
    session_id_.reset();
    recording_.reset(); // closes the file
    live_.reset();
    // Tomorrow's plan depends on today's result: re-plan now.
    if (runner_) load_plan_later(*runner_);
}

void ControlLoop::record_alarms(const safety::SupervisorOutputs& out, TimePoint now) {
    safety::LatchedCodes current;
    for (const auto& alarm : out.alarms) {
        const auto i = safety::index_of(alarm.code);
        current.set(i);
        if (alarms_seen_.test(i)) continue;
        // The end of a session someone asked for, or of its planned time, is not an alarm:
        // the session's end reason records it.
        if (alarm.code == safety::AlarmCode::operator_stop ||
            alarm.code == safety::AlarmCode::duration_cap_reached)
            continue;
        const auto& text = safety::describe(alarm.code);
        events_.push_back({{"v", 1},
                           {"event", "alarm"},
                           {"alarm",
                            {{"code", text.id},
                             {"severity", safety::to_string(alarm.action)},
                             {"reason", text.reason},
                             {"action", text.remedy}}}});
        if (session_id_) {
            const bool stop = alarm.action >= safety::Action::controlled_stop;
            (void)deps_.records->try_add_alarm(
                {*session_id_, seconds(now) - session_start_s_, std::string(text.id),
                 stop ? store::AlarmSeverity::fault : store::AlarmSeverity::advisory,
                 std::string(text.reason)});
        }
    }
    alarms_seen_ = current;
}

void ControlLoop::flush_steps(TimePoint now, bool force) {
    if (!session_id_ || unsaved_steps_.empty()) return;
    if (!force && now - last_flush_ < kStepFlushPeriod) return;
    last_flush_ = now;
    if (recording_) recording_->flush();
    if (!deps_.records->try_append_steps(*session_id_, unsaved_steps_))
        records_failed("steps", "the records queue is full");
    unsaved_steps_.clear();
}

std::string ControlLoop::recordings_dir() const {
    return (std::filesystem::absolute(deps_.config.store).parent_path() / "recordings").string();
}

void ControlLoop::replan() {
    if (runner_ && !in_session_) load_plan_later(*runner_);
}

bool ControlLoop::moving() const {
    return moving_state(supervisor_.state());
}

std::vector<json> ControlLoop::take_events() {
    return std::exchange(events_, {});
}

} // namespace tg::service
