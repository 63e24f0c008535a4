#pragma once
// Range checks shared by the settings structs: each refused value becomes one
// plain sentence naming the setting, its value and the bound it broke.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace tg::safety {

void check_bound(std::vector<std::string>& problems, std::string_view name, double value,
                 double low, double high, std::string_view unit);

void check_bound(std::vector<std::string>& problems, std::string_view name,
                 std::chrono::steady_clock::duration value, std::chrono::milliseconds low,
                 std::chrono::milliseconds high);

// Throws std::invalid_argument listing every problem, so a clinician sees all
// refused values at once; does nothing when `problems` is empty.
void throw_if_invalid(const std::vector<std::string>& problems, std::string_view what);

} // namespace tg::safety
