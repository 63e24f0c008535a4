#include "controller/service/control_loop.hpp"

#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/plan_json.hpp"
#include "controller/service/protocol_bridge.hpp"

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
    queue_.push_back({std::move(request), std::move(reply), std::nullopt});
}

json ControlLoop::refusal(const std::string& message) const {
    return {{"ok", false}, {"error", {{"code", "refused"}, {"message", message}}}};
}

json ControlLoop::report_pain(int level) {
    if (!session_id_) return refusal("no session is running");
    pending_pain_ = level;
    max_pain_ = std::max(max_pain_, level);
    auto s = deps_.store->add_pain_report(
        {*session_id_, seconds(Clock::now()) - session_start_s_, level});
    if (!s.ok())
        return {{"ok", false}, {"error", {{"code", "store"}, {"message", s.error().message}}}};
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
    if (!session_id_) return;
    store::StepRecord r;
    r.seq = ++step_seq_;
    r.t_s = step.strike_time_s - session_start_s_;
    r.side = store_side(step.side);
    auto finite = [](double v) { return std::isfinite(v) ? v : 0.0; };
    r.step_time_s = finite(step.step_time_s);
    r.contact_time_s = finite(step.contact_time_s);
    r.flight_time_s = finite(step.flight_time_s);
    r.peak_force_n = finite(step.peak_force_n);
    r.peak_force_bw = finite(step.peak_force_bw);
    if (step.has_impact_peak && std::isfinite(step.impact_peak_bw))
        r.impact_peak_bw = step.impact_peak_bw;
    r.valr_bw_s = finite(step.valr_bw_s);
    r.vilr_bw_s = finite(step.vilr_bw_s);
    r.cadence_spm = finite(step.cadence_spm);
    unsaved_steps_.push_back(r);
}

safety::SessionCaps ControlLoop::caps() const {
    safety::SessionCaps c;
    if (!plan_ || plan_->rest_day) return c;
    double speed = 0;
    int total_s = 0;
    for (const auto& phase : plan_->phases) {
        speed = std::max({speed, phase.speed_cap_kmh, phase.walk_speed_kmh});
        total_s += phase.duration_cap_s;
    }
    c.speed_cap_kmh = std::min(speed, deps_.treadmill.max_speed_kmh);
    // Within a session the current phase's cap applies (a walk is not a run). When it falls,
    // it follows the commanded speed down, so the belt slows at the deceleration bound.
    if (live_ && !live_out_.finished && live_out_.phase_index < plan_->phases.size()) {
        const auto& phase = plan_->phases[live_out_.phase_index];
        const double phase_cap = std::max(phase.speed_cap_kmh, phase.walk_speed_kmh);
        c.speed_cap_kmh =
            std::min(c.speed_cap_kmh, std::max(phase_cap, supervisor_.commanded().kmh()));
    }
    // The protocol ends each phase itself; the supervisor's cap is the backstop.
    c.duration_cap = std::chrono::seconds(total_s + 60);
    c.cool_down = std::chrono::seconds(60);
    c.cool_down_kmh = 3.0;
    return c;
}

safety::SupervisorInputs ControlLoop::inputs(TimePoint now) const {
    safety::SupervisorInputs in;
    in.caps = caps();
    const auto& drive = drive_;
    if (drive.status) {
        in.drive.last_fresh = drive.status->read_at;
        in.drive.fault_code = static_cast<std::uint16_t>(
            drive.status->fault_code < 0 ? 0xFFFF : drive.status->fault_code);
        in.drive.actual_kmh = drive.status->belt_kmh;
    }
    in.force.last_fresh = last_sample_at_;
    in.force.vertical_force_n = peak_force_since_tick_;
    in.force.body_weight_n = runner_ ? runner_->body_mass_kg * kGravity : 0.0;
    in.client.last_heartbeat = last_heartbeat_;
    in.client.interactive_required = interactive_required_;
    (void)now;
    return in;
}

json ControlLoop::load_plan(const store::Runner& runner) {
    auto profile = runner_profile(deps_.config.profiles_dir, runner);
    if (auto* e = std::get_if<PlanError>(&profile)) return refusal(e->message);
    auto history = engine_history(*deps_.store, runner);
    if (!history.ok()) return refusal(history.error().message);
    const auto today = day_of_unix_ms(deps_.wall_clock_ms());
    plan_ = protocol::plan_day(std::get<protocol::Profile>(profile), engine_runner(runner),
                               history.value(), today);
    return {{"ok", true}, {"plan", protocol::plan_json(*plan_)}};
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
        if (session_id_)
            return refuse(refusal("a session is running; stop it before changing runner"));
        auto found = deps_.store->find_runner(r.runner);
        if (!found.ok()) return refuse(refusal("no runner named '" + r.runner + "'"));
        runner_ = found.value();
        gait::GaitConfig cfg;
        cfg.body_weight_n = runner_->body_mass_kg * kGravity;
        gait_.emplace(cfg);
        auto plan = load_plan(*runner_);
        if (!plan["ok"].get<bool>()) return refuse(plan);
        return take(CommandKind::select_runner, 0);
    }
    case RequestKind::start: {
        if (!runner_ || !plan_) return refuse(refusal("select a runner first"));
        if (plan_->rest_day)
            return refuse(refusal("today is a rest day: " + (plan_->reasons.empty()
                                                                 ? std::string("the plan says rest")
                                                                 : plan_->reasons.back())));
        const auto& first = plan_->phases.front();
        return take(CommandKind::start, first.kind == protocol::PhaseKind::run
                                            ? first.speed_cap_kmh
                                            : std::max(first.walk_speed_kmh, first.speed_cap_kmh));
    }
    case RequestKind::stop:
        return take(CommandKind::stop, 0);
    case RequestKind::emergency_stop:
        return take(CommandKind::emergency_stop, 0);
    case RequestKind::speed: {
        // Within a session a request never exceeds the current phase's cap: "+" during the
        // cool-down walk cannot hold the run speed while the cap follows the belt down.
        double kmh = r.kmh;
        if (live_ && !live_out_.finished && live_out_.phase_index < plan_->phases.size()) {
            const auto& phase = plan_->phases[live_out_.phase_index];
            kmh = std::min(kmh, std::max(phase.speed_cap_kmh, phase.walk_speed_kmh));
        }
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

void ControlLoop::tick(TimePoint now) {
    if (last_tick_) {
        tick_periods_ms_[ticks_ % tick_periods_ms_.size()] = static_cast<float>(
            std::chrono::duration<double, std::milli>(now - *last_tick_).count());
        ++ticks_;
    }
    last_tick_ = now;
    drive_ = deps_.drive->snapshot(); // once per tick: the snapshot copies under a lock
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
        if (p.request.kind == RequestKind::stop && live_) live_out_.finished = true;
        if (session_id_) reply["session_id"] = *session_id_;
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
    auto id = deps_.store->begin_session(start);
    if (!id.ok()) {
        events_.push_back(
            {{"v", 1}, {"event", "error"}, {"message", "records: " + id.error().message}});
        return; // the belt still obeys the supervisor; only the record is missing
    }
    session_id_ = id.value();
    session_start_s_ = seconds(now);
    recording_.emplace(recordings_dir(), *session_id_, runner_->body_mass_kg, runner_->name);
    if (!recording_->error().empty())
        events_.push_back({{"v", 1}, {"event", "error"}, {"message", recording_->error()}});
    step_seq_ = 0;
    max_pain_ = -1;
    last_protocol_request_ = -1;
    live_.emplace(*plan_, seconds(now));
    live_out_ = {};
    phase_index_ = 0;
    phase_started_s_ = seconds(now);
    alarms_seen_.reset();
}

void ControlLoop::end_session_if_over(TimePoint now) {
    if (!session_id_ || moving_state(supervisor_.state())) return;
    flush_steps(now, true);
    store::SessionEnd end;
    end.end_unix_ms = deps_.wall_clock_ms();
    const auto record = live_->record(day_of_unix_ms(end.end_unix_ms));
    const auto& limit = live_->limit();
    end.end_reason = protocol::to_string(record.end_reason);
    if (supervisor_.state() == SupervisorState::fault ||
        supervisor_.state() == SupervisorState::emergency_stop)
        end.end_reason = "stopped";
    if (limit) {
        end.pain_free_limit_s = limit->run_s;
        end.pain_free_limit_kmh = limit->speed_kmh;
    }
    end.run_time_s = record.run_s;
    auto s = deps_.store->end_session(*session_id_, end);
    json summary = {{"session_id", *session_id_}, {"end_reason", end.end_reason}};
    if (limit) summary["limit"] = {{"run_s", limit->run_s}, {"speed_kmh", limit->speed_kmh}};
    events_.push_back({{"v", 1}, {"event", "session_end"}, {"summary", summary}});
    if (!s.ok()) events_.push_back({{"v", 1}, {"event", "error"}, {"message", s.error().message}});
    session_id_.reset();
    recording_.reset(); // closes the file
    live_.reset();
    // Tomorrow's plan depends on today's result: re-plan now.
    if (runner_) (void)load_plan(*runner_);
}

void ControlLoop::record_alarms(const safety::SupervisorOutputs& out, TimePoint now) {
    safety::LatchedCodes current;
    for (const auto& alarm : out.alarms) {
        const auto i = safety::index_of(alarm.code);
        current.set(i);
        if (alarms_seen_.test(i)) continue;
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
            (void)deps_.store->add_alarm(
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
    auto s = deps_.store->append_steps(*session_id_, unsaved_steps_);
    if (!s.ok()) events_.push_back({{"v", 1}, {"event", "error"}, {"message", s.error().message}});
    unsaved_steps_.clear();
}

std::string ControlLoop::recordings_dir() const {
    return (std::filesystem::absolute(deps_.config.store).parent_path() / "recordings").string();
}

void ControlLoop::replan() {
    if (runner_ && !session_id_) (void)load_plan(*runner_);
}

bool ControlLoop::moving() const {
    return moving_state(supervisor_.state());
}

std::vector<json> ControlLoop::take_events() {
    return std::exchange(events_, {});
}

} // namespace tg::service
