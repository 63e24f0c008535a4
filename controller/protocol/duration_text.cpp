#include "controller/protocol/duration_text.hpp"

#include <cstdio>
#include <cstdlib>

namespace tg::protocol {

std::string minutes_text(int seconds) {
    const int magnitude = std::abs(seconds);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%d:%02d", seconds < 0 ? "-" : "", magnitude / 60,
                  magnitude % 60);
    return buffer;
}

std::string one_decimal(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

} // namespace tg::protocol
