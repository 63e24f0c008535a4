#pragma once
// The most recent N values of a live measurement, oldest first, for trend plots
// (ImGui::PlotLines takes a pointer, a count and the offset of the oldest value).
#include <cstddef>
#include <vector>

namespace tg::hmi {

class ValueRing {
public:
    explicit ValueRing(std::size_t capacity) : values_(capacity, 0.0F) {}

    void push(float value) {
        values_[next_] = value;
        next_ = (next_ + 1) % values_.size();
        if (count_ < values_.size()) ++count_;
    }
    void clear() { next_ = count_ = 0; }
    std::size_t size() const { return count_; }
    std::size_t capacity() const { return values_.size(); }
    const float* data() const { return values_.data(); }
    // Index into data() of the oldest value (for PlotLines' values_offset once full).
    std::size_t oldest() const { return count_ < values_.size() ? 0 : next_; }
    float at(std::size_t i) const { return values_[(oldest() + i) % values_.size()]; }
    float latest() const { return count_ == 0 ? 0.0F : at(count_ - 1); }

private:
    std::vector<float> values_;
    std::size_t next_ = 0;
    std::size_t count_ = 0;
};

} // namespace tg::hmi
