#pragma once
// Small helpers shared by the clinic tests: polling PostgreSQL until a condition holds, and
// a records batch as a treadmill would send it.
#include "tests/clinic/server_processes.hpp"

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace tg::testing {

// Polls `probe` until it returns `expected` (or the timeout); returns the last value.
inline std::string wait_for_value(const std::function<std::string()>& probe,
                                  const std::string& expected, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string value;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            value = probe();
        } catch (const std::exception& e) {
            value = e.what();
        }
        if (value == expected) return value;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return value;
}

inline bool wait_until(const std::function<bool()>& done, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

inline nlohmann::json record(std::int64_t seq, const std::string& kind, nlohmann::json data) {
    return {{"seq", seq}, {"kind", kind}, {"created_unix_ms", 1764633600000}, {"data", data}};
}

inline std::string batch(const std::string& treadmill, const nlohmann::json& records) {
    return nlohmann::json{{"v", 1}, {"treadmill", treadmill}, {"records", records}}.dump();
}

} // namespace tg::testing
