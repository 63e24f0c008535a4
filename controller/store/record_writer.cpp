#include "controller/store/record_writer.hpp"

#include <utility>

namespace tg::store {

namespace {

template <class... Visitors>
struct Overloaded : Visitors... {
    using Visitors::operator()...;
};
template <class... Visitors>
Overloaded(Visitors...) -> Overloaded<Visitors...>;

} // namespace

const char* writer_state_name(WriterState state) {
    switch (state) {
    case WriterState::ok:
        return "ok";
    case WriterState::queue_full:
        return "queue_full";
    case WriterState::failing:
        return "failing";
    }
    return "unknown";
}

Result<std::unique_ptr<RecordWriter>> RecordWriter::open(const std::filesystem::path& path,
                                                         const RecordWriterOptions& options) {
    if (options.queue_capacity == 0)
        return make_error(ErrorCode::invalid_argument, "record writer: queue capacity is 0");
    auto store = Store::open(path, options.store);
    if (!store) return store.error();
    return std::unique_ptr<RecordWriter>(new RecordWriter(std::move(store).value(), options));
}

RecordWriter::RecordWriter(Store store, const RecordWriterOptions& options)
    : store_(std::move(store)), options_(options), thread_([this] { run(); }) {}

RecordWriter::~RecordWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool RecordWriter::submit(Operation operation) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= options_.queue_capacity) {
            ++health_.dropped;
            last_submit_refused_ = true;
            return false;
        }
        queue_.push_back(std::move(operation));
        last_submit_refused_ = false;
    }
    wake_.notify_one();
    return true;
}

bool RecordWriter::try_begin_session(const SessionStart& start, RowIdDone done) {
    return submit(BeginSession{start, std::move(done)});
}
bool RecordWriter::try_append_steps(RowId session_id, std::vector<StepRecord> steps) {
    return submit(AppendSteps{session_id, std::move(steps)});
}
bool RecordWriter::try_add_pain_report(const PainReport& report) {
    return submit(report);
}
bool RecordWriter::try_add_alarm(const AlarmRecord& alarm) {
    return submit(alarm);
}
bool RecordWriter::try_append_audit(const AuditEntry& entry) {
    return submit(entry);
}
bool RecordWriter::try_end_session(RowId session_id, const SessionEnd& end, StatusDone done) {
    return submit(EndSession{session_id, end, std::move(done)});
}
bool RecordWriter::try_close_interrupted_sessions(std::int64_t now_unix_ms, CountDone done) {
    return submit(CloseInterrupted{now_unix_ms, std::move(done)});
}

WriterHealth RecordWriter::health() const {
    std::lock_guard lock(mutex_);
    WriterHealth h = health_;
    h.queued = queue_.size();
    h.state = last_write_failed_     ? WriterState::failing
              : last_submit_refused_ ? WriterState::queue_full
                                     : WriterState::ok;
    return h;
}

bool RecordWriter::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

void RecordWriter::note(const Status& status) {
    std::lock_guard lock(mutex_);
    last_write_failed_ = !status.ok();
    if (status) return;
    ++health_.failed;
    health_.last_error = status.error().message;
}

// Buffered steps go out in one transaction per session; a failed batch is counted
// and dropped (retrying a full disk forever would only grow the buffer).
void RecordWriter::flush_steps() {
    for (auto& [session_id, steps] : pending_steps_) {
        const Status status = store_.append_steps(session_id, steps);
        note(status);
        if (status) {
            std::lock_guard lock(mutex_);
            health_.steps_written += steps.size();
        }
    }
    pending_steps_.clear();
}

void RecordWriter::apply(Operation& operation) {
    std::visit(Overloaded{
                   [&](AppendSteps& op) {
                       auto& pending = pending_steps_[op.session_id];
                       if (pending_steps_.size() == 1 && pending.empty())
                           first_pending_ = std::chrono::steady_clock::now();
                       pending.insert(pending.end(), op.steps.begin(), op.steps.end());
                   },
                   [&](BeginSession& op) {
                       flush_steps();
                       auto id = store_.begin_session(op.start);
                       note(id ? Status{} : Status{id.error()});
                       if (op.done) op.done(std::move(id));
                   },
                   [&](PainReport& report) {
                       flush_steps();
                       note(store_.add_pain_report(report));
                   },
                   [&](AlarmRecord& alarm) {
                       flush_steps();
                       note(store_.add_alarm(alarm));
                   },
                   [&](AuditEntry& entry) {
                       flush_steps();
                       auto id = store_.append_audit(entry);
                       note(id ? Status{} : Status{id.error()});
                   },
                   [&](EndSession& op) {
                       flush_steps();
                       Status status = store_.end_session(op.session_id, op.end);
                       note(status);
                       if (op.done) op.done(std::move(status));
                   },
                   [&](CloseInterrupted& op) {
                       flush_steps();
                       auto closed = store_.close_interrupted_sessions(op.now_unix_ms);
                       note(closed ? Status{} : Status{closed.error()});
                       if (op.done) op.done(std::move(closed));
                   },
               },
               operation);
}

void RecordWriter::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        const bool have_steps = !pending_steps_.empty();
        const auto flush_at = first_pending_ + options_.step_flush_period;
        if (queue_.empty() && !stopping_) {
            if (!have_steps) {
                busy_ = false;
                idle_.notify_all();
                wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            } else {
                wake_.wait_until(lock, flush_at, [this] { return !queue_.empty() || stopping_; });
            }
        }
        if (queue_.empty() && stopping_) {
            lock.unlock();
            flush_steps();
            lock.lock();
            busy_ = false;
            idle_.notify_all();
            return;
        }
        busy_ = true;
        std::deque<Operation> batch;
        batch.swap(queue_);
        lock.unlock();
        for (Operation& operation : batch)
            apply(operation);
        if (!pending_steps_.empty() &&
            std::chrono::steady_clock::now() >= first_pending_ + options_.step_flush_period)
            flush_steps();
        lock.lock();
    }
}

} // namespace tg::store
