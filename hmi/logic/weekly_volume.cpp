#include "hmi/logic/weekly_volume.hpp"

#include "controller/protocol/day_number.hpp"

#include <map>

namespace tg::hmi {
namespace {

// Monday-based week: 1970-01-01 was a Thursday, so shift by 3 days.
long week_of(long day) {
    return (day + 3 >= 0 ? (day + 3) / 7 : (day + 3 - 6) / 7);
}

std::optional<long> day_of(const std::string& date) {
    const auto day = protocol::parse_day(std::string_view(date).substr(0, 10));
    if (!day) return std::nullopt;
    return *day;
}

} // namespace

std::vector<WeekVolume> weekly_volume(const std::vector<DatedValue>& sessions, double growth) {
    std::map<long, double> by_week;
    for (const DatedValue& s : sessions)
        if (auto day = day_of(s.date)) by_week[week_of(*day)] += s.value;
    std::vector<WeekVolume> out;
    if (by_week.empty()) return out;
    for (long w = by_week.begin()->first; w <= by_week.rbegin()->first; ++w) {
        WeekVolume v;
        v.week = w;
        v.monday = protocol::format_day(static_cast<protocol::Day>(w * 7 - 3));
        const auto it = by_week.find(w);
        v.run_s = it == by_week.end() ? 0.0 : it->second;
        v.allowed_s = out.empty() ? 0.0 : out.back().run_s * (1.0 + growth);
        out.push_back(v);
    }
    return out;
}

} // namespace tg::hmi
