#include "controller/service/slow_work.hpp"

#include <iostream>

namespace tg::service {

namespace asio = boost::asio;

SlowWork::SlowWork(asio::io_context& io, store::Store records)
    : io_(io), records_(std::move(records)), guard_(asio::make_work_guard(work_io_)),
      thread_([this] { work_io_.run(); }) {}

SlowWork::~SlowWork() {
    guard_.reset(); // finish what was asked, then leave
    if (thread_.joinable()) thread_.join();
}

void SlowWork::run(std::function<void(store::Store&)> job) {
    ++pending_;
    asio::post(work_io_, [this, job = std::move(job)] {
        try {
            job(records_);
        } catch (const std::exception& e) { // a job's bug must not end the worker
            std::cerr << "treadguard-controller: background job failed: " << e.what() << "\n";
        }
        --pending_;
    });
}

void SlowWork::to_io(std::function<void()> handler) {
    asio::post(io_, std::move(handler));
}

} // namespace tg::service
