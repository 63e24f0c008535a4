#pragma once
// The clinic's MQTT topic layout and message limits, shared by the treadmill side
// (controller/clinic_sync) and the clinic server (clinic/): one definition of each.
//   treadguard/<clinic>/<treadmill>/status     retained live status, QoS 0, 2-5 Hz
//   treadguard/<clinic>/<treadmill>/alarm      each alarm as it appears, QoS 1
//   treadguard/<clinic>/<treadmill>/records    outbox batches, QoS 1
//   treadguard/<clinic>/<treadmill>/rejection  the clinic server's refusals, QoS 1
#include <cstddef>
#include <string>

namespace tg::clinic_sync {

inline constexpr const char* topic_root = "treadguard";
inline constexpr const char* status_leaf = "status";
inline constexpr const char* alarm_leaf = "alarm";
inline constexpr const char* records_leaf = "records";
inline constexpr const char* rejection_leaf = "rejection";

// A records batch the clinic server accepts; anything larger is quarantined.
inline constexpr std::size_t max_message_bytes = 256 * 1024;
// What the treadmill puts in one batch (well below the limit above).
inline constexpr std::size_t batch_max_bytes = 64 * 1024;
inline constexpr int batch_max_records = 250;

inline std::string treadmill_topic(const std::string& clinic, const std::string& treadmill,
                                   const char* leaf) {
    return std::string(topic_root) + "/" + clinic + "/" + treadmill + "/" + leaf;
}

} // namespace tg::clinic_sync
