// treadguard-clinic: the clinic server. Subscribes to every treadmill of one clinic on the
// MQTT broker and keeps their records, live status and alarms in PostgreSQL (hw/clinic).
#include "clinic/clinic_server.hpp"

#include <atomic>
#include <csignal>
#include <iostream>

namespace {

std::atomic<bool> stop_requested{false};

void request_stop(int) {
    stop_requested = true;
}

const char* kUsage = R"(usage: treadguard-clinic --config FILE
  FILE: TOML with [mqtt] (broker_host, broker_port, clinic, username, password_file,
        tls_ca_file, tls_cert_file, tls_key_file) and [postgres] (conninfo_file)
)";

} // namespace

int main(int argc, char** argv) {
    if (argc != 3 || std::string(argv[1]) != "--config") {
        std::cerr << kUsage;
        return argc == 2 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help") ? 0
                                                                                               : 2;
    }
    auto loaded = tg::clinic::load_clinic_server_config(argv[2]);
    if (auto* error = std::get_if<tg::devicemap::DataFileError>(&loaded)) {
        std::cerr << "treadguard-clinic: " << error->message() << "\n";
        return 2;
    }
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    try {
        tg::clinic::ClinicServer server(std::get<tg::clinic::ClinicServerConfig>(loaded));
        server.run(stop_requested);
    } catch (const std::exception& e) {
        std::cerr << "treadguard-clinic: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
