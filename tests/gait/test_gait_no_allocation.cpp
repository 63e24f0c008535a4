// Counts every operator new in this test binary around a long feed of the analyser.
#include "gait_test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <doctest/doctest.h>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

// The replacements below pair malloc with free themselves; GCC cannot see that
// through inlining and warns about new/free mismatches.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}

using namespace tg::gait;
using namespace tg::gait::test;

TEST_CASE("the streaming analyser does not allocate per sample") {
    RunningSpec running;
    running.steps = 200;
    running.impact_peak_bw = 0.6;
    running.noise_n = 20.0;
    WalkingSpec walking;
    walking.steps = 40;
    const Synthetic run_signal = make_running(running);
    const Synthetic walk_signal = make_walking(walking);

    GaitAnalyzer analyzer(config_for(1000.0)); // body weight estimated: that path too
    const long before = allocations.load();
    long steps = 0;
    double t_offset = 0.0;
    for (const Synthetic* signal : {&run_signal, &walk_signal, &run_signal}) {
        for (GaitSample s : signal->samples) {
            s.time_s += t_offset;
            if (analyzer.update(s)) ++steps;
        }
        t_offset += signal->samples.back().time_s + 0.001;
    }
    const long after = allocations.load();
    CHECK(after - before == 0);
    CHECK(steps > 400); // the feed really exercised step detection
    MESSAGE("samples fed: " << 2 * run_signal.samples.size() + walk_signal.samples.size()
                            << ", steps: " << steps << ", allocations: " << after - before);

    // The counter works: a vector allocates.
    const long probe = allocations.load();
    std::vector<int> v(10);
    CHECK(allocations.load() > probe);
}
