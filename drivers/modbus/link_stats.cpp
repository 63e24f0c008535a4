#include "drivers/modbus/link_stats.hpp"

#include <algorithm>
#include <vector>

namespace tg::modbus {

void LinkStats::record_success(std::chrono::nanoseconds round_trip) {
    const double ms = std::chrono::duration<double, std::milli>(round_trip).count();
    if (successes_ == 0 || ms < all_min_ms_) all_min_ms_ = ms;
    if (successes_ == 0 || ms > all_max_ms_) all_max_ms_ = ms;
    ++requests_;
    ++successes_;
    window_ms_[window_next_ % kWindow] = static_cast<float>(ms);
    ++window_next_;
}

void LinkStats::record_error(LinkErrorKind kind) {
    ++requests_;
    ++errors_by_kind_[static_cast<std::size_t>(kind)];
}

RoundTripSummary LinkStats::round_trips() const {
    RoundTripSummary s;
    const std::size_t n = std::min(window_next_, kWindow);
    if (n == 0) return s;
    // Called from status displays and benchmarks, not from the request path.
    std::vector<float> sorted(window_ms_.begin(), window_ms_.begin() + static_cast<long>(n));
    std::sort(sorted.begin(), sorted.end());
    auto at = [&](double q) {
        return static_cast<double>(
            sorted[static_cast<std::size_t>(q * static_cast<double>(n - 1))]);
    };
    s.count = n;
    s.min_ms = all_min_ms_;
    s.max_ms = all_max_ms_;
    s.median_ms = at(0.5);
    s.p99_ms = at(0.99);
    return s;
}

} // namespace tg::modbus
