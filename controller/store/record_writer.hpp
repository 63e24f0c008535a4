#pragma once
// Records off the control tick: a RecordWriter owns a thread and its own Store
// connection, fed by a bounded queue. Producers (the 100 Hz tick) never block:
// every try_* returns false at once when the queue is full, and a slow or failing
// disk only slows the writer thread. Operations are applied in submission order;
// steps are batched and written at least every step_flush_period (a SIGKILL loses
// at most that much), and always before any later operation (a session end counts
// the steps submitted before it). Completions run on the writer thread after the
// operation committed (end_session's completion means the end is durable); the
// daemon posts them to its io_context. health() tells the daemon when to raise an
// alarm and refuse new sessions.

#include "controller/store/records.hpp"
#include "controller/store/store.hpp"
#include "controller/store/store_result.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace tg::store {

struct RecordWriterOptions {
    std::size_t queue_capacity = 1024; // operations waiting, a step batch counts as one
    std::chrono::milliseconds step_flush_period{250};
    StoreOptions store;
};

enum class WriterState {
    ok,
    queue_full, // the last submission was refused (and counted in dropped)
    failing,    // the last write failed (message in last_error)
};
const char* writer_state_name(WriterState state);

struct WriterHealth {
    WriterState state = WriterState::ok;
    std::string last_error;    // the last write's error, kept after a recovery
    std::uint64_t dropped = 0; // submissions refused because the queue was full
    std::uint64_t failed = 0;  // operations (a step batch counts as one) that failed
    std::size_t queued = 0;    // operations waiting now
    std::uint64_t steps_written = 0;
};

class RecordWriter {
public:
    using RowIdDone = std::function<void(Result<RowId>)>;
    using StatusDone = std::function<void(Status)>;
    using CountDone = std::function<void(Result<int>)>;

    // Opens its own connection to `path` (already created and migrated by the
    // daemon's Store, or created here) and starts the thread.
    static Result<std::unique_ptr<RecordWriter>> open(const std::filesystem::path& path,
                                                      const RecordWriterOptions& options = {});
    // Writes everything still queued (and the buffered steps), then joins.
    ~RecordWriter();
    RecordWriter(const RecordWriter&) = delete;
    RecordWriter& operator=(const RecordWriter&) = delete;

    bool try_begin_session(const SessionStart& start, RowIdDone done);
    bool try_append_steps(RowId session_id, std::vector<StepRecord> steps);
    bool try_add_pain_report(const PainReport& report);
    bool try_add_alarm(const AlarmRecord& alarm);
    bool try_append_audit(const AuditEntry& entry);
    // done(Status) runs after the end committed; empty done is allowed.
    bool try_end_session(RowId session_id, const SessionEnd& end, StatusDone done);
    bool try_close_interrupted_sessions(std::int64_t now_unix_ms, CountDone done);

    WriterHealth health() const;
    // Waits until the queue is empty and no steps are buffered (tests, shutdown).
    bool wait_idle(std::chrono::milliseconds timeout);

private:
    struct BeginSession {
        SessionStart start;
        RowIdDone done;
    };
    struct AppendSteps {
        RowId session_id;
        std::vector<StepRecord> steps;
    };
    struct EndSession {
        RowId session_id;
        SessionEnd end;
        StatusDone done;
    };
    struct CloseInterrupted {
        std::int64_t now_unix_ms;
        CountDone done;
    };
    using Operation = std::variant<BeginSession, AppendSteps, PainReport, AlarmRecord, AuditEntry,
                                   EndSession, CloseInterrupted>;

    RecordWriter(Store store, const RecordWriterOptions& options);
    bool submit(Operation operation);
    void run();
    void apply(Operation& operation);
    void flush_steps();
    void note(const Status& status);

    Store store_; // used by the writer thread only
    const RecordWriterOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<Operation> queue_;
    bool stopping_ = false;
    bool busy_ = false; // the thread holds operations or buffered steps
    WriterHealth health_;
    bool last_submit_refused_ = false;
    bool last_write_failed_ = false;

    // Writer thread only: steps waiting for the next flush, per session.
    std::map<RowId, std::vector<StepRecord>> pending_steps_;
    std::chrono::steady_clock::time_point first_pending_{};

    std::thread thread_;
};

} // namespace tg::store
