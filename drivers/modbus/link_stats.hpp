#pragma once
// Per-link statistics: what a clinician's device screen and the benchmarks show.
// Round-trip percentiles come from the most recent samples in a fixed ring, so the
// memory stays constant however long the daemon runs.
#include "drivers/modbus/link_error.hpp"

#include <array>
#include <chrono>
#include <cstdint>

namespace tg::modbus {

struct RoundTripSummary {
    std::uint64_t count = 0; // samples in the summary window
    double min_ms = 0, median_ms = 0, p99_ms = 0, max_ms = 0;
};

class LinkStats {
public:
    static constexpr std::size_t kWindow = 4096;

    void record_success(std::chrono::nanoseconds round_trip);
    void record_error(LinkErrorKind kind);
    void record_reconnect() { ++reconnects_; }

    std::uint64_t requests() const { return requests_; }
    std::uint64_t successes() const { return successes_; }
    std::uint64_t errors() const { return requests_ - successes_; }
    std::uint64_t errors_of(LinkErrorKind kind) const {
        return errors_by_kind_[static_cast<std::size_t>(kind)];
    }
    std::uint64_t timeouts() const { return errors_of(LinkErrorKind::Timeout); }
    std::uint64_t reconnects() const { return reconnects_; }
    // All-time extremes, and percentiles over the last kWindow round trips.
    RoundTripSummary round_trips() const;

private:
    std::uint64_t requests_ = 0;
    std::uint64_t successes_ = 0;
    std::uint64_t reconnects_ = 0;
    std::array<std::uint64_t, kLinkErrorKindCount> errors_by_kind_{};
    std::array<float, kWindow> window_ms_{};
    std::size_t window_next_ = 0;
    double all_min_ms_ = 0, all_max_ms_ = 0;
};

} // namespace tg::modbus
