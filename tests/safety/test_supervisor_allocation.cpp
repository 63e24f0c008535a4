// The daemon calls update() at 100 Hz: a tick must not touch the heap.
#include "tests/safety/safety_bench.hpp"

#include <atomic>
#include <cstdlib>
#include <doctest/doctest.h>
#include <new>
#include <vector>

namespace {
std::atomic<long> g_allocations{0};
}

// Counting replacements of the global allocation functions, for this test binary only.
void* operator new(std::size_t size) {
    ++g_allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc{};
}
// Out of line: once inlined next to a new-expression, GCC cannot see that the
// replaced operator new got its memory from malloc and warns of a mismatch.
[[gnu::noinline]] void operator delete(void* p) noexcept {
    std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

using namespace std::chrono_literals;
using namespace tg::safety;
using tg::safety::test::Bench;

TEST_CASE("a supervisor tick does not allocate, whatever happens in it") {
    Bench bench;
    const long before = g_allocations.load();
    bench.send(CommandKind::select_runner);
    bench.send(CommandKind::start, 6.0);
    bench.run_for(10s);
    bench.send(CommandKind::request_speed, 20.0);
    bench.runner_on_belt = false;
    bench.run_for(3s);
    bench.send(CommandKind::start);
    bench.drive_fault = 4;
    bench.send(CommandKind::emergency_stop);
    bench.run_for(10s);
    bench.send(CommandKind::acknowledge_fault);
    bench.drive_fault = 0;
    bench.send(CommandKind::acknowledge_fault);
    const long during = g_allocations.load() - before;
    CHECK(bench.state() == SupervisorState::stopped);
    CHECK(during == 0);
    // The counter itself works.
    const std::vector<int> probe(3);
    CHECK(g_allocations.load() - before == 1);
}
