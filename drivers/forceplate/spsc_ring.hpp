#pragma once
// Single-producer / single-consumer lock-free ring of fixed capacity: the force plate's
// driver thread pushes samples, the control loop pops them, and neither ever blocks,
// locks or allocates. Exactly one thread may push and exactly one may pop.
//
// The producer owns `head_`, the consumer `tail_`; each reads the other's index with
// acquire and publishes its own with release, so an element is fully written before
// the consumer can see it and fully read before the producer may overwrite it. Each
// side caches the other's index to touch the shared cache line only when needed.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

namespace tg::forceplate {

template <class T, std::size_t Capacity>
class SpscRing {
    static_assert(Capacity >= 2 && (Capacity & (Capacity - 1)) == 0,
                  "capacity must be a power of two");
    static_assert(std::is_trivially_copyable_v<T>, "elements are copied, never constructed");

public:
    static constexpr std::size_t capacity() { return Capacity; }

    // Producer side. False when full: the element is not stored and counted as rejected.
    bool try_push(const T& value) {
        const std::uint64_t head = head_.load(std::memory_order_relaxed);
        if (head - tail_cache_ >= Capacity) {
            tail_cache_ = tail_.load(std::memory_order_acquire);
            if (head - tail_cache_ >= Capacity) {
                rejected_.fetch_add(1, std::memory_order_relaxed);
                return false;
            }
        }
        slots_[head & kMask] = value;
        head_.store(head + 1, std::memory_order_release);
        return true;
    }

    // Consumer side. False when empty.
    bool try_pop(T& out) {
        const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
        if (tail == head_cache_) {
            head_cache_ = head_.load(std::memory_order_acquire);
            if (tail == head_cache_) return false;
        }
        out = slots_[tail & kMask];
        tail_.store(tail + 1, std::memory_order_release);
        return true;
    }

    // Consumer side: pops up to out.size() elements, returns how many.
    std::size_t pop_into(std::span<T> out) {
        const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
        head_cache_ = head_.load(std::memory_order_acquire);
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(head_cache_ - tail, out.size()));
        for (std::size_t i = 0; i < n; ++i)
            out[i] = slots_[(tail + i) & kMask];
        tail_.store(tail + n, std::memory_order_release);
        return n;
    }

    // Either side; exact only when the other side is idle.
    std::size_t size() const {
        return static_cast<std::size_t>(head_.load(std::memory_order_acquire) -
                                        tail_.load(std::memory_order_acquire));
    }
    bool empty() const { return size() == 0; }
    std::uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }

private:
    static constexpr std::uint64_t kMask = Capacity - 1;
    static constexpr std::size_t kLine = 64;

    alignas(kLine) std::atomic<std::uint64_t> head_{0}; // next slot to write
    std::uint64_t tail_cache_ = 0;                      // producer's view of tail_
    std::atomic<std::uint64_t> rejected_{0};
    alignas(kLine) std::atomic<std::uint64_t> tail_{0}; // next slot to read
    std::uint64_t head_cache_ = 0;                      // consumer's view of head_
    alignas(kLine) std::array<T, Capacity> slots_{};
};

} // namespace tg::forceplate
