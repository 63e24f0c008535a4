// The controller config's [clinic] section and the clinic server's config: bounds, topic-safe
// ids, TLS files that go together, unknown keys refused, each with file and line.
#include "clinic/clinic_server_config.hpp"
#include "controller/clinic_sync/clinic_config_section.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>

using namespace tg;

namespace {

struct Parsed {
    clinic_sync::ClinicSettings settings;
    std::string error; // empty when accepted
};

Parsed parse_clinic(const std::string& body) {
    const std::string dir = testing::make_temp_dir("tg-clinic-config");
    const std::string path = dir + "/controller.toml";
    std::ofstream(path) << "[clinic]\n" << body;
    auto parsed = devicemap::parse_toml_file(path);
    REQUIRE_FALSE(parsed.error);
    devicemap::TomlFields f(*parsed.table["clinic"].as_table(), path, "clinic");
    Parsed out;
    out.settings = clinic_sync::read_clinic_settings(f, "/etc/treadguard");
    f.reject_unknown_keys();
    if (f.error()) out.error = f.error()->message();
    std::filesystem::remove_all(dir);
    return out;
}

const std::string minimal = "broker_host = \"clinic.lan\"\nclinic = \"c1\"\ntreadmill = \"tm1\"\n";

} // namespace

TEST_CASE("[clinic]: a minimal section, defaults, relative paths") {
    const auto p = parse_clinic(minimal + "password_file = \"tm1.password\"\n");
    REQUIRE(p.error.empty());
    CHECK(p.settings.broker_port == 1883);
    CHECK(p.settings.username == "tm1");
    CHECK(p.settings.status_hz == 4);
    CHECK(p.settings.password_file == "/etc/treadguard/tm1.password");
}

TEST_CASE("[clinic]: refusals name the line and the reason") {
    CHECK(parse_clinic(minimal + "broker_port = 70000\n").error.find(":5") != std::string::npos);
    CHECK(parse_clinic(minimal + "status_hz = 10\n").error.find("status_hz") != std::string::npos);
    CHECK(parse_clinic("broker_host = \"h\"\nclinic = \"c1\"\ntreadmill = \"tm/2\"\n")
              .error.find("treadmill must be") != std::string::npos);
    CHECK(parse_clinic("broker_host = \"h\"\nclinic = \"#\"\ntreadmill = \"tm2\"\n")
              .error.find("clinic must be") != std::string::npos);
    CHECK(parse_clinic(minimal + "tls_cert_file = \"c.pem\"\n").error.find("go together") !=
          std::string::npos);
    CHECK(parse_clinic(minimal + "tls_cert_file = \"c.pem\"\ntls_key_file = \"k.pem\"\n")
              .error.find("tls_ca_file") != std::string::npos);
    CHECK(parse_clinic(minimal + "pasword_file = \"x\"\n").error.find("pasword_file") !=
          std::string::npos);
    CHECK_FALSE(parse_clinic("clinic = \"c1\"\ntreadmill = \"tm1\"\n").error.empty());
}

TEST_CASE("treadguard-clinic's config: both tables required, unknown keys refused") {
    const std::string dir = testing::make_temp_dir("tg-clinic-server-config");
    auto load = [&](const std::string& text) {
        std::ofstream(dir + "/clinic.toml") << text;
        return clinic::load_clinic_server_config(dir + "/clinic.toml");
    };
    auto good = load("[mqtt]\nclinic = \"c1\"\npassword_file = \"p\"\n[postgres]\nconninfo_file = "
                     "\"db\"\n");
    REQUIRE(std::holds_alternative<clinic::ClinicServerConfig>(good));
    CHECK(std::get<clinic::ClinicServerConfig>(good).postgres_conninfo_file == dir + "/db");
    CHECK(std::holds_alternative<devicemap::DataFileError>(load("[mqtt]\nclinic = \"c1\"\n")));
    CHECK(std::holds_alternative<devicemap::DataFileError>(
        load("[mqtt]\nclinic = \"c1\"\nport = 1\n[postgres]\nconninfo_file = \"db\"\n")));
    CHECK(std::holds_alternative<devicemap::DataFileError>(
        load("[mqtt]\nclinic = \"c/1\"\n[postgres]\nconninfo_file = \"db\"\n")));
    std::filesystem::remove_all(dir);
}
