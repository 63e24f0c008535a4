#include "controller/service/realtime.hpp"

#include <cstring>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

namespace tg::service {

std::optional<std::string> make_thread_realtime(int priority) {
    if (priority <= 0) return std::nullopt;
    sched_param param{};
    param.sched_priority = priority;
    if (const int e = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param); e != 0)
        return "SCHED_FIFO priority " + std::to_string(priority) + " refused: " + std::strerror(e);
    return std::nullopt;
}

std::optional<std::string> lock_memory() {
    if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
        return std::string("locking memory refused: ") + std::strerror(errno);
    return std::nullopt;
}

} // namespace tg::service
