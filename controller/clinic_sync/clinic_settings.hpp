#pragma once
// The controller config's [clinic] section: where the clinic's MQTT broker is and who this
// treadmill is there. No section: the treadmill is an island, as before (nothing starts).
#include <string>

namespace tg::clinic_sync {

struct ClinicSettings {
    std::string broker_host;
    int broker_port = 1883;
    std::string clinic;    // topic segment: treadguard/<clinic>/<treadmill>/...
    std::string treadmill; // topic segment, and the default MQTT username
    std::string username;
    std::string password_file; // one line, the broker password (never logged)
    std::string ca_file;       // TLS: all three empty = plain MQTT (loopback, tests)
    std::string cert_file;
    std::string key_file;
    int status_hz = 4; // live status rate, 2..5
    int keepalive_s = 10;
};

// A topic segment we publish under: 1-64 of [A-Za-z0-9_-] (no '/', '+', '#').
bool is_topic_segment(const std::string& text);

} // namespace tg::clinic_sync
