#pragma once
// Single-producer single-consumer ring of AudioCommand: the UI thread pushes, the audio
// callback pops. The only synchronisation between them is this pair of atomic indices
// (release on write, acquire on read); a full ring refuses the push instead of waiting.
#include "hmi/audio/audio_command.hpp"

#include <array>
#include <atomic>
#include <cstddef>

namespace tg::hmi::audio {

class CommandQueue {
public:
    static constexpr std::size_t capacity = 64;

    bool push(const AudioCommand& command) noexcept {
        const std::size_t head = head_.load(std::memory_order_relaxed);
        const std::size_t next = (head + 1) % capacity;
        if (next == tail_.load(std::memory_order_acquire)) return false;
        slots_[head] = command;
        head_.store(next, std::memory_order_release);
        return true;
    }
    bool pop(AudioCommand& out) noexcept {
        const std::size_t tail = tail_.load(std::memory_order_relaxed);
        if (tail == head_.load(std::memory_order_acquire)) return false;
        out = slots_[tail];
        tail_.store((tail + 1) % capacity, std::memory_order_release);
        return true;
    }

private:
    std::array<AudioCommand, capacity> slots_{};
    alignas(64) std::atomic<std::size_t> head_{0};
    alignas(64) std::atomic<std::size_t> tail_{0};
};

} // namespace tg::hmi::audio
