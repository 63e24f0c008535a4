#include "controller/service/control_loop.hpp"

#include "controller/protocol/plan_json.hpp"
#include "controller/service/api_limits.hpp"
#include "controller/service/plan_loading.hpp"
#include "controller/service/slow_work.hpp"

#include <filesystem>

namespace tg::service {

using json = nlohmann::json;

namespace {

// Force samples handed to the core per tick at most; a larger backlog waits a tick.
constexpr std::size_t kMaxSamplesPerTick = 16384;
// The token of an answer the caller takes at once (pain, limit coming).
constexpr std::uint64_t kImmediate = 0;

session::CoreSettings core_settings(const ControlDeps& deps,
                                    const safety::SupervisorSettings& settings) {
    session::CoreSettings c;
    c.supervisor = settings;
    c.machine_max_kmh = deps.treadmill.max_speed_kmh;
    c.max_pending_per_client = kMaxPendingPerClient;
    c.pain_reports_per_s = kPainReportsPerS;
    return c;
}

json outcome_json(const session::Outcome& o) {
    if (!o.ok) {
        json error = {{"code", o.error_code}, {"message", o.message}};
        if (o.reason_code) error["reason_code"] = *o.reason_code;
        return {{"ok", false}, {"error", error}};
    }
    api::CommandReply reply;
    reply.note = o.note;
    reply.session_id = o.session_id;
    reply.runner = o.runner;
    if (o.plan) reply.plan = protocol::plan_json(*o.plan);
    json j = reply;
    if (o.pain) j.update(json(*o.pain));
    j["ok"] = true;
    return j;
}

session::DriveObservation observe(const DriveSnapshot& d) {
    session::DriveObservation o;
    if (d.status) {
        o.read_at = d.status->read_at;
        o.belt_kmh = d.status->belt_kmh;
        o.fault_code = d.status->fault_code;
    }
    o.stop_unconfirmed = d.stop_unconfirmed;
    o.write_errors = d.write_errors;
    return o;
}

session::Request with_token(session::Request r, std::uint64_t token) {
    r.token = token;
    return r;
}

} // namespace

ControlLoop::ControlLoop(ControlDeps deps, safety::SupervisorSettings settings, TimePoint epoch)
    : deps_(std::move(deps)), core_(core_settings(deps_, settings), epoch) {
    samples_.reserve(kMaxSamplesPerTick);
}

std::uint64_t ControlLoop::remember(Reply reply) {
    const auto token = next_token_++;
    replies_.emplace(token, std::move(reply));
    return token;
}

void ControlLoop::submit(OperatorRequest request, Reply reply) {
    apply(core_.submit(with_token(std::move(request), remember(std::move(reply)))));
}

void ControlLoop::stop_now(const OperatorRequest& request, const Reply& reply) {
    apply(core_.stop_now(stamp(Clock::now()), with_token(request, remember(reply))));
}

json ControlLoop::answer_now(session::Effects fx, std::uint64_t token) {
    json reply = {{"ok", false}, {"error", {{"code", "internal"}, {"message", "no answer"}}}};
    std::erase_if(fx.answers, [&](const session::Answer& a) {
        if (a.token != token) return false;
        reply = outcome_json(a.outcome);
        return true;
    });
    apply(std::move(fx));
    return reply;
}

json ControlLoop::report_pain(int level) {
    return answer_now(core_.report_pain(stamp(Clock::now()), kImmediate, level), kImmediate);
}

json ControlLoop::limit_coming() {
    return answer_now(core_.limit_coming(kImmediate), kImmediate);
}

void ControlLoop::apply(session::Effects fx) {
    // The drive order first: nothing else this tick may delay a stop.
    if (fx.drive)
        deps_.drive->post({fx.drive->intent, fx.drive->speed, fx.drive->acknowledge_count});
    for (auto& a : fx.answers) {
        auto it = replies_.find(a.token);
        if (it == replies_.end()) continue;
        auto reply = std::move(it->second);
        replies_.erase(it);
        reply(outcome_json(a.outcome));
    }
    for (const auto& op : fx.recording)
        apply_recording(op);
    if (fx.flush_recording && recording_) recording_->flush();
    for (auto& op : fx.records)
        write_record(std::move(op));
    for (const auto& e : fx.events)
        events_.push_back(api::event_json(e));
    if (fx.load_plan) load_plan_later(*fx.load_plan);
}

void ControlLoop::records_failed(const std::string& what, const std::string& message) {
    events_.push_back(api::event_json(session::records_failing_alarm(what, message)));
}

// Every record goes to the writer's queue; a full queue is an alarm, never a wait.
void ControlLoop::write_record(session::RecordOp op) {
    auto& w = *deps_.records;
    auto* work = deps_.work;
    std::visit(
        [&](auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, session::BeginSessionRecord>) {
                const bool queued = w.try_begin_session(r.start, [this, work](auto id) {
                    work->to_io([this, id = std::move(id)] {
                        apply(core_.record_opened(stamp(Clock::now()), id));
                    });
                });
                if (!queued)
                    apply(core_.record_opened(
                        stamp(Clock::now()),
                        store::Error{store::ErrorCode::database, "the records queue is full"}));
            } else if constexpr (std::is_same_v<T, session::StepsRecord>) {
                if (!w.try_append_steps(r.session_id, std::move(r.steps)))
                    records_failed("steps", "the records queue is full");
            } else if constexpr (std::is_same_v<T, session::PainRecord>) {
                if (!w.try_add_pain_report(r.report))
                    records_failed("pain report", "the records queue is full");
            } else if constexpr (std::is_same_v<T, session::AlarmRecordOp>) {
                if (!w.try_add_alarm(r.alarm)) records_failed("alarm", "the records queue is full");
            } else if constexpr (std::is_same_v<T, session::AuditRecord>) {
                if (!w.try_append_audit(r.entry))
                    records_failed("audit entry", "the queue is full");
            } else if constexpr (std::is_same_v<T, session::EndSessionRecord>) {
                // The summary is announced once the end is durable: what the HMI then shows
                // is what the records hold.
                const bool queued = w.try_end_session(
                    r.session_id, r.end, [this, work, summary = r.summary](auto s) {
                        work->to_io([this, summary, s] {
                            if (!s.ok()) records_failed("session end", s.error().message);
                            events_.push_back(api::event_json(summary));
                        });
                    });
                if (!queued) records_failed("session end", "the records queue is full");
            }
        },
        op);
}

void ControlLoop::apply_recording(const session::RecordingOp& op) {
    if (const auto* open = std::get_if<session::OpenRecording>(&op)) {
        recording_error_told_ = false;
        recording_ = std::make_unique<SessionRecording>(recordings_dir(), open->session_id,
                                                        open->body_mass_kg, open->runner);
        return;
    }
    // Closing writes what is waiting on the recording's own thread; it is joined once done.
    if (recording_) recording_->finish();
    closing_.push_back(std::move(recording_));
}

void ControlLoop::calibrate_plate(const PlateCalibrationStep& step, Reply reply) {
    auto refuse = [&](const std::string& m) {
        reply({{"ok", false}, {"error", {{"code", "refused"}, {"message", m}}}});
    };
    if (deps_.plate == nullptr) return refuse("the force plate is disabled in this configuration");
    if (moving()) return refuse("the belt must be at rest to calibrate the force plate");
    const auto id = deps_.plate->request(step);
    const auto seconds =
        static_cast<long>(step.samples / 100 + 10); // ~1 kHz, with margin for slow links
    calibrations_.push_back({id, Clock::now() + std::chrono::seconds(seconds), std::move(reply)});
}

void ControlLoop::answer_calibrations(TimePoint now) {
    std::erase_if(calibrations_, [&](PendingCalibration& c) {
        auto refusal = [](const std::string& m) {
            return json{{"ok", false}, {"error", {{"code", "refused"}, {"message", m}}}};
        };
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

void ControlLoop::drain_samples() {
    samples_.clear();
    if (deps_.plate == nullptr) return;
    while (samples_.size() + drain_buffer_.size() <= kMaxSamplesPerTick) {
        const std::size_t n = deps_.plate->drain(drain_buffer_);
        samples_.insert(samples_.end(), drain_buffer_.begin(),
                        drain_buffer_.begin() + static_cast<long>(n));
        if (n < drain_buffer_.size()) break;
    }
}

// Reads the profile file and the runner's history: off the tick. The new plan applies
// when it arrives, unless the runner changed or a session began meanwhile.
void ControlLoop::load_plan_later(const store::Runner& runner) {
    if (deps_.work == nullptr) return;
    const auto wall = deps_.wall_clock_ms();
    deps_.work->run([this, runner, wall](store::Store& db) {
        auto plan = load_today_plan(db, deps_.config, runner, wall);
        deps_.work->to_io([this, runner, plan = std::move(plan)] {
            if (const auto* p = std::get_if<protocol::DayPlan>(&plan))
                apply(core_.plan_loaded(runner.id, *p));
        });
    });
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
    drain_samples();
    if (recording_) recording_->write(samples_);
    session::Observations seen;
    seen.at = stamp(now);
    seen.drive = observe(deps_.drive->snapshot()); // once per tick: copied under a lock
    seen.samples = samples_;
    seen.last_heartbeat = last_heartbeat_;
    seen.interactive_required = interactive_required_;
    seen.records = deps_.records->health();
    apply(core_.step(seen));
    answer_calibrations(now);
    watch_recording();
}

// The recording's thread opens and writes the file: its failure is told once, as an event.
void ControlLoop::watch_recording() {
    std::erase_if(closing_, [](const auto& r) { return r == nullptr || r->finished(); });
    if (!recording_ || recording_error_told_) return;
    if (auto error = recording_->error(); !error.empty()) {
        recording_error_told_ = true;
        events_.push_back(api::event_json(api::ErrorEvent{error}));
    }
}

store::WriterHealth ControlLoop::records_health() const {
    return deps_.records->health();
}

std::string ControlLoop::recordings_dir() const {
    return (std::filesystem::absolute(deps_.config.store).parent_path() / "recordings").string();
}

void ControlLoop::replan() {
    apply(core_.replan());
}

std::vector<json> ControlLoop::take_events() {
    return std::exchange(events_, {});
}

} // namespace tg::service
