#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>

namespace tg::gait {

// The last `capacity` values (capacity fixed at construction, storage inline), with
// their median and mean. No allocation ever.
class RollingWindow {
public:
    static constexpr std::size_t max_capacity = 64;

    explicit RollingWindow(std::size_t capacity = 8)
        : capacity_(std::clamp<std::size_t>(capacity, 1, max_capacity)) {}

    void push(double value) {
        values_[next_] = value;
        next_ = (next_ + 1) % capacity_;
        count_ = std::min(count_ + 1, capacity_);
    }
    void clear() { count_ = next_ = 0; }
    std::size_t size() const { return count_; }

    double median() const {
        if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
        std::array<double, max_capacity> sorted{};
        std::copy_n(values_.begin(), count_, sorted.begin());
        const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(count_ / 2);
        std::nth_element(sorted.begin(), mid, sorted.begin() + static_cast<std::ptrdiff_t>(count_));
        if (count_ % 2 == 1) return *mid;
        const double upper = *mid;
        const double lower = *std::max_element(sorted.begin(), mid);
        return 0.5 * (lower + upper);
    }

    double mean() const {
        if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
        double sum = 0.0;
        for (std::size_t i = 0; i < count_; ++i)
            sum += values_[i];
        return sum / static_cast<double>(count_);
    }

private:
    std::size_t capacity_;
    std::array<double, max_capacity> values_{};
    std::size_t next_ = 0;
    std::size_t count_ = 0;
};

} // namespace tg::gait
