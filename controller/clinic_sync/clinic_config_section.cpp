#include "controller/clinic_sync/clinic_config_section.hpp"

#include <algorithm>
#include <cctype>

namespace tg::clinic_sync {

namespace fs = std::filesystem;

bool is_topic_segment(const std::string& text) {
    return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
    });
}

namespace {

std::string resolved(const std::string& value, const fs::path& base) {
    if (value.empty() || fs::path(value).is_absolute()) return value;
    return (base / value).lexically_normal().string();
}

void require_segment(devicemap::TomlFields& f, const char* key, const std::string& value) {
    if (!f.error() && !is_topic_segment(value))
        f.fail(f.node(key), std::string(key) + " must be 1-64 letters, digits, '_' or '-'");
}

} // namespace

ClinicSettings read_clinic_settings(devicemap::TomlFields& f, const fs::path& base) {
    ClinicSettings s;
    s.broker_host = f.text("broker_host").value_or("");
    s.broker_port = static_cast<int>(f.integer("broker_port", 1, 65535, 1883).value_or(1883));
    s.clinic = f.text("clinic").value_or("");
    s.treadmill = f.text("treadmill").value_or("");
    s.username = f.text("username", s.treadmill).value_or("");
    s.password_file = resolved(f.text("password_file", std::string()).value_or(""), base);
    s.ca_file = resolved(f.text("tls_ca_file", std::string()).value_or(""), base);
    s.cert_file = resolved(f.text("tls_cert_file", std::string()).value_or(""), base);
    s.key_file = resolved(f.text("tls_key_file", std::string()).value_or(""), base);
    s.status_hz = static_cast<int>(f.integer("status_hz", 2, 5, 4).value_or(4));
    s.keepalive_s = static_cast<int>(f.integer("keepalive_s", 5, 300, 10).value_or(10));
    if (!f.error() && s.broker_host.empty())
        f.fail(f.node("broker_host"), "broker_host must not be empty");
    require_segment(f, "clinic", s.clinic);
    require_segment(f, "treadmill", s.treadmill);
    if (!f.error() && s.username.empty()) f.fail(f.node("username"), "username must not be empty");
    if (!f.error() && s.cert_file.empty() != s.key_file.empty())
        f.fail(f.node(s.cert_file.empty() ? "tls_key_file" : "tls_cert_file"),
               "tls_cert_file and tls_key_file go together");
    if (!f.error() && !s.cert_file.empty() && s.ca_file.empty())
        f.fail(f.node("tls_cert_file"), "a client certificate needs tls_ca_file");
    return s;
}

} // namespace tg::clinic_sync
