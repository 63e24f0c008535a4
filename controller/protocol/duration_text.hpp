#pragma once

#include <string>

namespace tg::protocol {

// "12:30" for 750 s: durations in reasons are read by runners, not engineers.
std::string minutes_text(int seconds);

// "8.5" for a speed or a pain level: one decimal, no trailing noise.
std::string one_decimal(double value);

} // namespace tg::protocol
