#include "clinic/clinic_server_config.hpp"

#include "controller/clinic_sync/clinic_settings.hpp"
#include "drivers/devicemap/toml_fields.hpp"

#include <filesystem>

namespace tg::clinic {

namespace fs = std::filesystem;

namespace {

std::string resolved(const std::string& value, const fs::path& base) {
    if (value.empty() || fs::path(value).is_absolute()) return value;
    return (base / value).lexically_normal().string();
}

void read_mqtt(devicemap::TomlFields& f, ClinicServerConfig& c, const fs::path& base) {
    c.broker_host = f.text("broker_host", c.broker_host).value_or("");
    c.broker_port = static_cast<int>(f.integer("broker_port", 1, 65535, 1883).value_or(1883));
    c.clinic = f.text("clinic").value_or("");
    c.username = f.text("username", c.username).value_or("");
    c.password_file = resolved(f.text("password_file", std::string()).value_or(""), base);
    c.ca_file = resolved(f.text("tls_ca_file", std::string()).value_or(""), base);
    c.cert_file = resolved(f.text("tls_cert_file", std::string()).value_or(""), base);
    c.key_file = resolved(f.text("tls_key_file", std::string()).value_or(""), base);
    if (!f.error() && !clinic_sync::is_topic_segment(c.clinic))
        f.fail(f.node("clinic"), "clinic must be 1-64 letters, digits, '_' or '-'");
    if (!f.error() && c.cert_file.empty() != c.key_file.empty())
        f.fail(f.node("tls_cert_file"), "tls_cert_file and tls_key_file go together");
}

} // namespace

std::variant<ClinicServerConfig, devicemap::DataFileError>
load_clinic_server_config(const std::string& path) {
    auto parsed = devicemap::parse_toml_file(path);
    if (parsed.error) return *parsed.error;
    ClinicServerConfig c;
    const fs::path base = fs::absolute(path).parent_path();
    devicemap::TomlFields root(parsed.table, path, "");
    for (const char* name : {"mqtt", "postgres"}) {
        const toml::table* t = root.table(name, true);
        if (t == nullptr) return *root.error();
        devicemap::TomlFields f(*t, path, name);
        if (std::string(name) == "mqtt")
            read_mqtt(f, c, base);
        else
            c.postgres_conninfo_file = resolved(f.text("conninfo_file").value_or(""), base);
        f.reject_unknown_keys();
        if (f.error()) return *f.error();
    }
    root.reject_unknown_keys();
    if (root.error()) return *root.error();
    return c;
}

} // namespace tg::clinic
