#pragma once
// Splits a byte stream into newline-delimited lines, as the controller API frames
// messages; a line longer than the API's limit marks the stream as broken.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tg::hmi {

class LineFramer {
public:
    static constexpr std::size_t api_max_line = 64 * 1024;
    explicit LineFramer(std::size_t max_line = api_max_line) : max_line_(max_line) {}

    void append(std::string_view bytes);
    // The next complete line without its '\n' (and without a trailing '\r').
    std::optional<std::string> next_line();
    // True once a line grew past the limit; the stream cannot be resynchronised.
    bool oversized() const { return oversized_; }
    void reset();

private:
    std::size_t max_line_;
    std::string buffer_;
    std::size_t scanned_ = 0; // bytes of buffer_ already known to hold no '\n'
    bool oversized_ = false;
};

} // namespace tg::hmi
