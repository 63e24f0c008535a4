#pragma once
// What a keypad has typed so far: the clinician PIN (digits only, shown masked) or a
// number with one decimal point (speed, duration, threshold), validated against bounds.
#include <cstddef>
#include <optional>
#include <string>

namespace tg::hmi {

class DigitEntry {
public:
    DigitEntry(std::size_t max_length, bool allow_decimal)
        : max_length_(max_length), allow_decimal_(allow_decimal) {}

    // Appends '0'..'9' or '.'; anything else or beyond the length is ignored.
    void key(char c);
    void backspace();
    void clear() { text_.clear(); }
    const std::string& text() const { return text_; }
    std::string masked() const { return std::string(text_.size(), '*'); }
    // The number typed, if it parses and lies in [min, max].
    std::optional<double> value_in(double min, double max) const;

private:
    std::size_t max_length_;
    bool allow_decimal_;
    std::string text_;
};

} // namespace tg::hmi
