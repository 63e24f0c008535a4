// LD_PRELOAD shim for controller-bench's "slow storage" condition: fsync and fdatasync
// take TG_FSYNC_DELAY_MS (default 50) longer, as on a worn SD card. Only for the benchmark.
#include <chrono>
#include <cstdlib>
#include <dlfcn.h>
#include <thread>

namespace {

void delay() {
    const char* ms = std::getenv("TG_FSYNC_DELAY_MS");
    std::this_thread::sleep_for(std::chrono::milliseconds(ms != nullptr ? std::atoi(ms) : 50));
}

template <class F>
F real(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" int fsync(int fd) {
    static const auto next = real<int (*)(int)>("fsync");
    delay();
    return next(fd);
}

extern "C" int fdatasync(int fd) {
    static const auto next = real<int (*)(int)>("fdatasync");
    delay();
    return next(fd);
}
