#pragma once
// Real-time scheduling for the threads that stop the belt: the control tick and the drive
// link. On a board with other work (the HMI, a browser, a clinic sync), SCHED_FIFO keeps a
// busy CPU from delaying a tick, and locked memory keeps paging from doing so.
#include <optional>
#include <string>

namespace tg::service {

// SCHED_FIFO at `priority` (1..89) for the calling thread; the reason when refused (e.g.
// no CAP_SYS_NICE and no RLIMIT_RTPRIO). 0 leaves the thread as it is.
std::optional<std::string> make_thread_realtime(int priority);
// Locks the process's current and future pages in memory; the reason when refused.
std::optional<std::string> lock_memory();

} // namespace tg::service
