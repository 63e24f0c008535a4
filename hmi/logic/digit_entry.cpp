#include "hmi/logic/digit_entry.hpp"

#include <charconv>

namespace tg::hmi {

void DigitEntry::key(char c) {
    if (text_.size() >= max_length_) return;
    if (c == '.') {
        if (!allow_decimal_ || text_.find('.') != std::string::npos) return;
        if (text_.empty()) text_.push_back('0');
        text_.push_back(c);
        return;
    }
    if (c < '0' || c > '9') return;
    text_.push_back(c);
}

void DigitEntry::backspace() {
    if (!text_.empty()) text_.pop_back();
}

std::optional<double> DigitEntry::value_in(double min, double max) const {
    if (text_.empty() || text_.back() == '.') return std::nullopt;
    double v = 0.0;
    const auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), v);
    if (ec != std::errc() || end != text_.data() + text_.size()) return std::nullopt;
    if (v < min || v > max) return std::nullopt;
    return v;
}

} // namespace tg::hmi
