// The session core driven by hand: time, drive status and force samples in; drive orders,
// answers, records and events out. The "drive" here follows the order with a first-order
// lag, and the "plate" sends 1 kHz samples of a runner standing or running on the belt.
#include "controller/session/session_core.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <numbers>

using namespace tg;
using namespace tg::session;
using namespace std::chrono_literals;
using protocol::PhaseKind;
using store::EndReason;

namespace {

constexpr double kMassKg = 70;
constexpr double kBodyWeightN = kMassKg * 9.80665;

protocol::Phase phase(PhaseKind kind, double kmh, int seconds) {
    protocol::Phase p;
    p.kind = kind;
    p.speed_cap_kmh = kmh;
    p.duration_cap_s = seconds;
    return p;
}

// Warm-up 20 s at 5 km/h, run 60 s at 8 km/h, cool-down 20 s at 4 km/h.
protocol::DayPlan walk_run_walk() {
    protocol::DayPlan p;
    p.rest_day = false;
    p.profile = "test";
    p.pain_threshold = 2;
    p.phases = {phase(PhaseKind::warm_up_walk, 5.0, 20), phase(PhaseKind::run, 8.0, 60),
                phase(PhaseKind::cool_down, 4.0, 20)};
    return p;
}

store::Runner runner() {
    store::Runner r;
    r.id = 7;
    r.name = "Ana";
    r.body_mass_kg = kMassKg;
    return r;
}

struct Harness {
    TimePoint t0 = TimePoint{} + 1000s;
    TimePoint now = t0;
    SessionCore core{settings(), t0};
    double belt_kmh = 0;
    DriveOrder order;
    bool drive_answers = true;
    bool on_belt = true;
    bool running_gait = false; // half-sine foot strikes instead of a standing load
    double sample_t = 0;
    store::WriterHealth records;
    std::uint64_t next_token = 1;
    std::vector<Answer> answers;
    std::vector<RecordOp> records_written;
    std::vector<api::Event> events;
    std::vector<RecordingOp> recording;
    std::vector<DriveOrder> orders;
    std::optional<store::Runner> plan_wanted;
    std::vector<TimePoint> steps_written_at;

    static CoreSettings settings() {
        CoreSettings s;
        s.supervisor.ramp.machine_max_kmh = 16;
        s.supervisor.ramp.accel_kmh_per_s = 1.0;
        s.supervisor.ramp.decel_kmh_per_s = 1.0;
        s.supervisor.ramp.emergency_decel_kmh_per_s = 4.0;
        s.supervisor.heartbeat_timeout = 1s;
        s.machine_max_kmh = 16;
        return s;
    }

    Stamp stamp() const {
        return {now, 1'700'000'000'000 +
                         std::chrono::duration_cast<std::chrono::milliseconds>(now - t0).count()};
    }

    void take(Effects fx) {
        if (fx.drive) {
            order = *fx.drive;
            orders.push_back(order);
        }
        for (auto& a : fx.answers)
            answers.push_back(std::move(a));
        for (auto& r : fx.records) {
            if (std::holds_alternative<StepsRecord>(r)) steps_written_at.push_back(now);
            records_written.push_back(std::move(r));
        }
        for (auto& e : fx.events)
            events.push_back(std::move(e));
        for (auto& r : fx.recording)
            recording.push_back(r);
        if (fx.load_plan) plan_wanted = fx.load_plan;
        // The records writer opens a session at once here.
        for (auto& r : fx.records)
            if (std::holds_alternative<BeginSessionRecord>(r))
                take(core.record_opened(stamp(), store::Result<store::RowId>(41)));
    }

    std::vector<gait::GaitSample> samples(std::chrono::milliseconds dt) {
        std::vector<gait::GaitSample> out;
        for (int i = 0; i < dt.count(); ++i) {
            sample_t += 0.001;
            double f = on_belt ? kBodyWeightN : 20.0;
            if (on_belt && running_gait) {
                // 0.25 s contact, 0.1 s flight: about 171 steps/min.
                const double phase = std::fmod(sample_t, 0.35);
                f = phase < 0.25 ? 2.5 * kBodyWeightN * std::sin(std::numbers::pi * phase / 0.25)
                                 : 0.0;
            }
            out.push_back({sample_t, f, 0.0});
        }
        return out;
    }

    void tick(std::chrono::milliseconds dt = 10ms) {
        now += dt;
        // A drive with its own ramp a little faster than the limiter's: it follows the order.
        const double target = order.intent == safety::DriveIntent::run ? order.speed.kmh() : 0.0;
        const double step = 5.0 * std::chrono::duration<double>(dt).count();
        belt_kmh += std::clamp(target - belt_kmh, -step, step);
        Observations seen;
        seen.at = stamp();
        if (drive_answers) seen.drive.read_at = now;
        seen.drive.belt_kmh = belt_kmh;
        const auto s = samples(dt);
        seen.samples = s;
        seen.records = records;
        take(core.step(seen));
    }

    void run_for(std::chrono::milliseconds span) {
        for (auto t = 0ms; t < span; t += 10ms)
            tick();
    }

    Outcome request(RequestKind kind, double kmh = 0, std::uint64_t client = 1) {
        Request r;
        r.token = next_token++;
        r.kind = kind;
        r.kmh = kmh;
        r.client_id = client;
        r.client = "test";
        if (kind == RequestKind::select_runner) {
            r.runner = "Ana";
            r.runner_record = runner();
            r.plan = walk_run_walk();
        }
        if (kind == RequestKind::stop || kind == RequestKind::emergency_stop)
            take(core.stop_now(stamp(), r));
        else
            take(core.submit(r));
        for (int i = 0; i < 300 && !answered(r.token); ++i)
            tick();
        REQUIRE(answered(r.token));
        return answer(r.token);
    }

    bool answered(std::uint64_t token) const {
        return std::any_of(answers.begin(), answers.end(),
                           [&](const Answer& a) { return a.token == token; });
    }
    Outcome answer(std::uint64_t token) const {
        for (const auto& a : answers)
            if (a.token == token) return a.outcome;
        return {};
    }

    template <class T>
    std::vector<T> written() const {
        std::vector<T> out;
        for (const auto& r : records_written)
            if (const auto* x = std::get_if<T>(&r)) out.push_back(*x);
        return out;
    }

    void wait_until_ended() {
        for (int i = 0; i < 20000 && written<EndSessionRecord>().empty(); ++i)
            tick();
        REQUIRE(written<EndSessionRecord>().size() == 1);
    }

    void start_session() {
        run_for(200ms); // links fresh
        REQUIRE(request(RequestKind::select_runner).ok);
        const auto started = request(RequestKind::start);
        REQUIRE(started.ok);
        REQUIRE(started.session_id == 41);
    }
};

} // namespace

TEST_CASE("no automatic start: selecting a runner and time passing never move the belt") {
    Harness h;
    h.run_for(500ms);
    CHECK(!h.request(RequestKind::start).ok); // no runner yet
    REQUIRE(h.request(RequestKind::select_runner).ok);
    h.run_for(10s);
    for (const auto& o : h.orders)
        CHECK(o.speed.kmh() == 0.0);
    CHECK(h.belt_kmh == 0.0);
    CHECK(h.written<BeginSessionRecord>().empty());
}

TEST_CASE("a session: start waits for its record, phases cap the belt, limit coming ends the "
          "run, the end is recorded with distance and run time") {
    Harness h;
    h.start_session();
    CHECK(h.written<BeginSessionRecord>().size() == 1);
    REQUIRE(h.recording.size() == 1);
    CHECK(std::holds_alternative<OpenRecording>(h.recording[0]));
    // Warm-up: never above its 5 km/h cap.
    h.run_for(15s);
    CHECK(h.order.speed.kmh() <= 5.0 + 1e-9);
    CHECK(h.order.speed.kmh() > 4.0);
    // Into the run phase; "+" beyond the phase's cap is passed through and held by the limiter.
    h.run_for(20s);
    REQUIRE(h.request(RequestKind::speed, 12.0).ok);
    h.run_for(10s);
    CHECK(h.order.speed.kmh() == doctest::Approx(8.0));
    REQUIRE(h.core.limit_coming(99).answers.at(0).outcome.ok);
    // The cool-down's lower cap is reached at the deceleration bound (1 km/h/s), never by a jump.
    double previous = h.order.speed.kmh();
    double largest_drop = 0;
    for (int i = 0; i < 600; ++i) {
        h.tick();
        largest_drop = std::max(largest_drop, previous - h.order.speed.kmh());
        previous = h.order.speed.kmh();
    }
    CHECK(largest_drop <= 1.0 * 0.01 + 1e-9);
    CHECK(h.order.speed.kmh() == doctest::Approx(4.0));
    h.wait_until_ended();
    const auto end = h.written<EndSessionRecord>().front();
    CHECK(end.end.end_reason == EndReason::limit_coming);
    CHECK(!end.end.alarm_code);
    REQUIRE(end.end.pain_free_limit_s);
    CHECK(*end.end.pain_free_limit_s >= 20);
    CHECK(*end.end.pain_free_limit_s <= 40);
    REQUIRE(end.end.distance_m);
    // About 15 s at 5 + 25 s at 8 + 25 s cool-down: well above 60 m, well below the cap.
    CHECK(*end.end.distance_m > 60);
    CHECK(*end.end.distance_m < 200);
    CHECK(end.end.run_time_s >= 20);
    CHECK(end.end.run_time_s <= 40);
    CHECK(end.summary.end_reason == "limit_coming");
    // A normal end is not an alarm.
    CHECK(h.written<AlarmRecordOp>().empty());
    CHECK(std::holds_alternative<CloseRecording>(h.recording.back()));
    CHECK(h.plan_wanted); // tomorrow's plan depends on today's result
}

TEST_CASE("emergency stop: the emergency ramp, recorded as such, and acknowledging never "
          "restarts the belt") {
    Harness h;
    h.start_session();
    h.run_for(40s); // running at 8 km/h
    REQUIRE(h.order.speed.kmh() == doctest::Approx(8.0));
    REQUIRE(h.request(RequestKind::emergency_stop).ok);
    // 4 km/h/s: at rest in about 2 s, twice as fast as a controlled stop.
    h.run_for(2100ms);
    CHECK(h.order.speed.kmh() == 0.0);
    h.wait_until_ended();
    const auto end = h.written<EndSessionRecord>().front();
    CHECK(end.end.end_reason == EndReason::emergency_stop);
    CHECK(end.end.run_time_s >= 15);   // the run time before the stop is kept
    CHECK(!end.end.pain_free_limit_s); // an emergency stop is not a pain-free limit
    h.run_for(3s);
    CHECK(h.core.emergency_stop_latched());
    CHECK(!h.request(RequestKind::start).ok); // latched
    REQUIRE(h.request(RequestKind::acknowledge).ok);
    CHECK(!h.core.emergency_stop_latched());
    h.run_for(10s);
    CHECK(h.order.speed.kmh() == 0.0);
    CHECK(h.order.intent == safety::DriveIntent::stop);
}

// Runs 30 s of a session, breaks something, and returns how the session's end was recorded.
template <class Fault>
EndSessionRecord ended_by(Harness& h, Fault fault) {
    h.start_session();
    h.run_for(30s);
    fault(h);
    h.wait_until_ended();
    return h.written<EndSessionRecord>().front();
}

TEST_CASE("a lost drive link ends the session as link loss, with its alarm recorded") {
    Harness h;
    const auto end = ended_by(h, [](Harness& x) { x.drive_answers = false; });
    CHECK(end.end.end_reason == EndReason::link_loss);
    REQUIRE(end.end.alarm_code);
    CHECK(*end.end.alarm_code == "drive_link_lost");
    const auto alarms = h.written<AlarmRecordOp>();
    REQUIRE(!alarms.empty());
    CHECK(alarms.front().alarm.code == "drive_link_lost");
    CHECK(alarms.front().alarm.severity == store::AlarmSeverity::fault);
}

TEST_CASE("a runner off the belt ends the session with that reason") {
    Harness h;
    const auto end = ended_by(h, [](Harness& x) { x.on_belt = false; });
    CHECK(end.end.end_reason == EndReason::runner_off_belt);
}

TEST_CASE("pain above the threshold ends the run phase; the report is recorded") {
    Harness h;
    h.start_session();
    h.run_for(30s);
    const auto fx = h.core.report_pain(h.stamp(), 5, 4);
    REQUIRE(fx.answers.size() == 1);
    REQUIRE(fx.answers[0].outcome.pain);
    CHECK(fx.answers[0].outcome.pain->ends_run_phase);
    h.take(fx);
    CHECK(h.written<PainRecord>().size() == 1);
    // A second report within the second is refused (busy), not recorded.
    const auto again = h.core.report_pain(h.stamp(), 6, 4);
    CHECK(again.answers.at(0).outcome.error_code == "busy");
    h.wait_until_ended();
    CHECK(h.written<EndSessionRecord>().front().end.end_reason == EndReason::pain);
}

TEST_CASE("no session starts without its record") {
    SUBCASE("the records writer is failing") {
        Harness h;
        h.records.state = store::WriterState::failing;
        h.records.last_error = "disk full";
        h.run_for(200ms);
        REQUIRE(h.request(RequestKind::select_runner).ok);
        const auto o = h.request(RequestKind::start);
        CHECK(!o.ok);
        CHECK(o.message.find("disk full") != std::string::npos);
        CHECK(h.written<BeginSessionRecord>().empty());
    }
    SUBCASE("the record cannot be opened: the belt is stopped at once") {
        Harness h;
        h.run_for(200ms);
        REQUIRE(h.request(RequestKind::select_runner).ok);
        Request r;
        r.token = 500;
        r.kind = RequestKind::start;
        r.client_id = 1;
        auto fx = h.core.submit(r);
        fx = h.core.step([&] {
            Observations seen;
            h.now += 10ms;
            seen.at = h.stamp();
            seen.drive.read_at = h.now;
            static std::vector<gait::GaitSample> s;
            s = h.samples(10ms);
            seen.samples = s;
            return seen;
        }());
        REQUIRE(fx.records.size() >= 1);
        fx = h.core.record_opened(h.stamp(), store::Error{store::ErrorCode::database, "I/O error"});
        h.take(fx);
        REQUIRE(h.answered(500));
        CHECK(!h.answer(500).ok);
        CHECK(!h.core.session_open());
        h.run_for(5s);
        CHECK(h.order.speed.kmh() == 0.0);
    }
}

TEST_CASE("requests: a few per client wait, a newer speed request replaces a waiting one") {
    Harness h;
    h.start_session();
    h.run_for(30s);
    std::vector<std::uint64_t> tokens;
    for (int i = 0; i < 4; ++i) {
        Request r;
        r.token = 1000 + static_cast<std::uint64_t>(i);
        r.kind = RequestKind::acknowledge; // refused later: nothing to acknowledge
        r.client_id = 9;
        h.take(h.core.submit(r));
    }
    Request fifth;
    fifth.token = 2000;
    fifth.kind = RequestKind::acknowledge;
    fifth.client_id = 9;
    h.take(h.core.submit(fifth));
    REQUIRE(h.answered(2000));
    CHECK(h.answer(2000).error_code == "busy");
    // Another client is not held up by client 9.
    Request speed;
    speed.token = 3000;
    speed.kind = RequestKind::speed;
    speed.kmh = 6;
    speed.client_id = 10;
    h.take(h.core.submit(speed));
    Request newer = speed;
    newer.token = 3001;
    newer.kmh = 7;
    h.take(h.core.submit(newer));
    REQUIRE(h.answered(3000));
    CHECK(h.answer(3000).note == std::string("replaced by a newer speed request"));
    h.run_for(3s);
    REQUIRE(h.answered(3001));
    CHECK(h.answer(3001).ok);
    CHECK(h.order.speed.kmh() == doctest::Approx(7.0));
}

TEST_CASE("steps reach the records in batches at most 250 ms apart, unmeasured metrics empty") {
    Harness h;
    h.running_gait = true;
    h.start_session();
    h.run_for(30s);
    const auto batches = h.written<StepsRecord>();
    REQUIRE(batches.size() > 10);
    std::size_t steps = 0;
    for (const auto& b : batches) {
        CHECK(b.session_id == 41);
        steps += b.steps.size();
        for (const auto& s : b.steps) {
            CHECK(s.peak_force_bw > 1.5);
            if (s.contact_time_s) CHECK(*s.contact_time_s > 0.1);
        }
    }
    // About 171 steps/min for 30 s.
    CHECK(steps > 60);
    // While steps come in, batches go out at least every flush period (+ one tick): a
    // killed controller loses at most that much.
    for (std::size_t i = 1; i < h.steps_written_at.size(); ++i)
        CHECK(h.steps_written_at[i] - h.steps_written_at[i - 1] <= 260ms + 350ms);
}
