#pragma once
// treadguard-clinic's configuration file (TOML, strict like the controller's): which broker
// and clinic, and the file holding the PostgreSQL connection string. Secrets stay in their
// own files (mode 0600); the config itself can be read by anyone.
#include "drivers/devicemap/data_file_error.hpp"

#include <string>
#include <variant>

namespace tg::clinic {

struct ClinicServerConfig {
    std::string broker_host = "127.0.0.1";
    int broker_port = 1883;
    std::string clinic;
    std::string username = "treadguard-clinic";
    std::string password_file;
    std::string ca_file, cert_file, key_file;
    std::string postgres_conninfo_file; // one line: a libpq connection string
};

std::variant<ClinicServerConfig, devicemap::DataFileError>
load_clinic_server_config(const std::string& path);

} // namespace tg::clinic
