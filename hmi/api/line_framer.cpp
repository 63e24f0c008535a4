#include "hmi/api/line_framer.hpp"

namespace tg::hmi {

void LineFramer::append(std::string_view bytes) {
    if (oversized_) return;
    buffer_.append(bytes);
}

std::optional<std::string> LineFramer::next_line() {
    if (oversized_) return std::nullopt;
    const std::size_t nl = buffer_.find('\n', scanned_);
    if (nl == std::string::npos) {
        scanned_ = buffer_.size();
        if (buffer_.size() > max_line_) oversized_ = true;
        return std::nullopt;
    }
    if (nl > max_line_) {
        oversized_ = true;
        return std::nullopt;
    }
    std::string line = buffer_.substr(0, nl);
    buffer_.erase(0, nl + 1);
    scanned_ = 0;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

void LineFramer::reset() {
    buffer_.clear();
    scanned_ = 0;
    oversized_ = false;
}

} // namespace tg::hmi
