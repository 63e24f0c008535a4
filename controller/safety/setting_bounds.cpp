#include "controller/safety/setting_bounds.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace tg::safety {

void check_bound(std::vector<std::string>& problems, std::string_view name, double value,
                 double low, double high, std::string_view unit) {
    // Written as a positive test so NaN is refused too.
    if (std::isfinite(value) && value >= low && value <= high) return;
    std::ostringstream out;
    out << name << " = " << value << " " << unit << " is outside the safe range [" << low << ", "
        << high << "] " << unit;
    problems.push_back(out.str());
}

void check_bound(std::vector<std::string>& problems, std::string_view name,
                 std::chrono::steady_clock::duration value, std::chrono::milliseconds low,
                 std::chrono::milliseconds high) {
    if (value >= low && value <= high) return;
    const auto ms = std::chrono::duration<double, std::milli>(value).count();
    std::ostringstream out;
    out << name << " = " << ms << " ms is outside the safe range [" << low.count() << ", "
        << high.count() << "] ms";
    problems.push_back(out.str());
}

void throw_if_invalid(const std::vector<std::string>& problems, std::string_view what) {
    if (problems.empty()) return;
    std::string message = std::string(what) + " refused:";
    for (const auto& problem : problems)
        message += "\n  " + problem;
    throw std::invalid_argument(message);
}

} // namespace tg::safety
