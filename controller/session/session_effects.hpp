#pragma once
// What goes into the session core (requests, the time) and what comes out of it (effects):
// plain data, so the core stays free of I/O and the shell only carries these out.
#include "controller/api/api_events.hpp"
#include "controller/api/command_replies.hpp"
#include "controller/protocol/day_plan.hpp"
#include "controller/safety/limited_speed.hpp"
#include "controller/safety/speed_limiter.hpp"
#include "controller/safety/supervisor_outputs.hpp"
#include "controller/store/records.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tg::session {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// Monotonic time for decisions, wall time for what the records say.
struct Stamp {
    TimePoint now;
    std::int64_t wall_ms = 0;
};

enum class RequestKind { select_runner, start, stop, emergency_stop, speed, acknowledge };

struct Request {
    std::uint64_t token = 0; // the shell's handle for the answer
    RequestKind kind = RequestKind::stop;
    double kmh = 0;
    std::string runner;
    std::uint64_t client_id = 0; // the API connection, for per-client bounds
    std::string client;          // who sent it, for the audit log ("hmi uid=1000 pid=7")
    // select_runner: the runner and today's plan, loaded off the tick by the shell.
    std::optional<store::Runner> runner_record;
    std::optional<protocol::DayPlan> plan;
};

// A request's answer. Refusals carry "refused" or "busy" and a sentence for a person;
// accepted belt commands carry what the supervisor noted and the session under way.
struct Outcome {
    bool ok = true;
    std::string error_code; // "refused", "busy"
    std::string message;
    std::optional<std::string> reason_code; // the supervisor's alarm id behind a refusal
    std::optional<std::string> note;
    std::optional<store::RowId> session_id;
    std::optional<std::string> runner;     // runner.select
    std::optional<protocol::DayPlan> plan; // runner.select: today's plan
    std::optional<api::PainReply> pain;    // pain: what the report means

    static Outcome refused(std::string message) {
        Outcome o;
        o.ok = false;
        o.error_code = "refused";
        o.message = std::move(message);
        return o;
    }
    static Outcome busy(std::string message) {
        Outcome o = refused(std::move(message));
        o.error_code = "busy";
        return o;
    }
};

struct Answer {
    std::uint64_t token = 0;
    Outcome outcome;
};

// The drive thread's orders for this tick.
struct DriveOrder {
    safety::DriveIntent intent = safety::DriveIntent::stop;
    safety::LimitedSpeed speed = safety::SpeedLimiter::standstill();
    std::uint64_t acknowledge_count = 0; // bumped once per fault reset wanted
};

// Records, for the records writer's thread. Begin answers through
// SessionCore::record_opened; End is durable before its summary event is announced.
struct BeginSessionRecord {
    store::SessionStart start;
};
struct StepsRecord {
    store::RowId session_id = 0;
    std::vector<store::StepRecord> steps;
};
struct PainRecord {
    store::PainReport report;
};
struct AlarmRecordOp {
    store::AlarmRecord alarm;
};
struct AuditRecord {
    store::AuditEntry entry;
};
struct EndSessionRecord {
    store::RowId session_id = 0;
    store::SessionEnd end;
    api::SessionEndEvent summary; // announced once the end is written
};
using RecordOp = std::variant<BeginSessionRecord, StepsRecord, PainRecord, AlarmRecordOp,
                              AuditRecord, EndSessionRecord>;

// The session's raw force recording: opened when the session's record exists, closed at
// its end; the samples are the shell's to write.
struct OpenRecording {
    store::RowId session_id = 0;
    double body_mass_kg = 0;
    std::string runner;
};
struct CloseRecording {};
using RecordingOp = std::variant<OpenRecording, CloseRecording>;

struct Effects {
    std::optional<DriveOrder> drive;
    std::vector<Answer> answers;
    std::vector<RecordOp> records;
    std::vector<api::Event> events;
    std::vector<RecordingOp> recording;
    std::optional<store::Runner> load_plan; // today's plan for this runner, off the tick
    bool flush_recording = false;
};

// The alarm event the shell and the core raise when a record could not be written.
api::AlarmEvent records_failing_alarm(const std::string& what, const std::string& message);

} // namespace tg::session
