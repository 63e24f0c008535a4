#pragma once
// Work that may take long (SQLite queries, exports, Argon2 PIN checks, plan loading) runs
// here, on one worker thread with its own records connection, never on the control tick's
// thread. Results come back to the io_context as ordinary handlers. Jobs run in order.
#include "controller/service/asio.hpp"
#include "controller/store/store.hpp"

#include <atomic>
#include <functional>
#include <thread>

namespace tg::service {

class SlowWork {
public:
    // `records` is this thread's own connection; it is used only on the worker thread.
    SlowWork(boost::asio::io_context& io, store::Store records);
    ~SlowWork();
    SlowWork(const SlowWork&) = delete;
    SlowWork& operator=(const SlowWork&) = delete;

    // Runs `job` on the worker thread.
    void run(std::function<void(store::Store&)> job);
    // Runs `handler` back on the io_context's thread (safe from any thread).
    void to_io(std::function<void()> handler);
    // Jobs queued and not yet finished (for the benchmark and for back-pressure).
    std::size_t pending() const { return pending_; }
    static constexpr std::size_t kMaxPending = 256;

private:
    boost::asio::io_context& io_;
    store::Store records_;
    boost::asio::io_context work_io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    std::atomic<std::size_t> pending_{0};
    std::thread thread_;
};

} // namespace tg::service
