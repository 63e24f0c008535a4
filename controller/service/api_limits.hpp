#pragma once
// The API's resource bounds, in one place. Each is what one client (or all of them) may
// cost the daemon; past it the client gets `busy` or loses its connection, and the
// control tick never notices.
#include "controller/api/api_constants.hpp"

#include <cstddef>

namespace tg::service {

inline constexpr std::size_t kMaxLine = api::kMaxLineBytes;     // one request line
inline constexpr std::size_t kMaxQueuedBytes = 64u << 20;       // replies waiting for one client
inline constexpr std::size_t kMaxQueuedEventBytes = 256u << 10; // events waiting: then skipped
inline constexpr std::size_t kMaxReplyBytes = 48u << 20;        // one reply (an export)
inline constexpr std::size_t kMaxTotalQueuedBytes = 128u << 20; // replies waiting, all clients
inline constexpr std::size_t kMaxConnections = 64;              // open API connections
inline constexpr std::size_t kMaxPendingPerClient = 4;          // supervisor commands queued
inline constexpr double kRequestRatePerS = 100;                 // ordinary requests, sustained
inline constexpr double kRequestBurst = 200;                    // ... and in a burst
inline constexpr double kPainReportsPerS = 1;                   // pain reports, per session

} // namespace tg::service
