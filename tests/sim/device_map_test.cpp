#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <regex>

using namespace tg;

namespace {

std::string delta_text() {
    std::ifstream in(testing::source_dir() + "/hw/devices/delta-ms300.toml");
    return {std::istreambuf_iterator<char>(in), {}};
}

devicemap::DataFileError refused(const std::string& text) {
    const std::string path = testing::make_temp_dir("tg-map") + "/drive.toml";
    std::ofstream(path) << text;
    auto r = devicemap::load_drive_map(path);
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
    auto e = std::get<devicemap::DataFileError>(r);
    CHECK(e.file == path);
    return e;
}

int line_of(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

} // namespace

TEST_CASE("every shipped device and treadmill file loads") {
    for (auto name : {"delta-ms300", "yaskawa-v1000", "siemens-v20", "schneider-atv320"}) {
        auto r = devicemap::load_drive_map(testing::source_dir() + "/hw/devices/" + name + ".toml");
        if (auto* e = std::get_if<devicemap::DataFileError>(&r)) FAIL(e->message());
    }
    auto t =
        devicemap::load_treadmill_spec(testing::source_dir() + "/hw/treadmills/demo-delta.toml");
    REQUIRE(std::holds_alternative<devicemap::TreadmillSpec>(t));
    CHECK(std::get<devicemap::TreadmillSpec>(t).to_hz(10.0) == doctest::Approx(30.0));
}

TEST_CASE("a bad drive map is refused with file, line and reason") {
    const std::string good = delta_text();
    SUBCASE("a typo in a key") {
        auto text = std::regex_replace(good, std::regex("units_per_hz = 100"), "unit_per_hz = 100");
        auto e = refused(text);
        CHECK(e.line == line_of(text, "unit_per_hz"));
        CHECK(e.reason.find("unit_per_hz") != std::string::npos);
    }
    SUBCASE("a value out of range") {
        auto text = std::regex_replace(good, std::regex("max_read_registers = 16"),
                                       "max_read_registers = 300");
        auto e = refused(text);
        CHECK(e.line == line_of(text, "max_read_registers = 300"));
        CHECK(e.reason.find("out of range") != std::string::npos);
    }
    SUBCASE("a wrong type") {
        auto text =
            std::regex_replace(good, std::regex("register = 0x2000"), "register = \"0x2000\"");
        auto e = refused(text);
        CHECK(e.line == line_of(text, "register = \"0x2000\""));
        CHECK(e.reason.find("integer") != std::string::npos);
    }
    SUBCASE("broken TOML syntax") {
        auto text = good + "\n[broken\n";
        auto e = refused(text);
        CHECK(e.line == line_of(text, "[broken"));
    }
    SUBCASE("a missing section") {
        auto text = std::regex_replace(good, std::regex("\\[watchdog\\]"), "[watchdog_x]");
        auto e = refused(text);
        CHECK(e.reason.find("watchdog") != std::string::npos);
    }
}

TEST_CASE("a missing file is refused clearly") {
    auto r = devicemap::load_drive_map("/nonexistent/drive.toml");
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
    CHECK(std::get<devicemap::DataFileError>(r).message() ==
          "/nonexistent/drive.toml: cannot open the file");
}

namespace {

std::string yaskawa_text() {
    std::ifstream in(testing::source_dir() + "/hw/devices/yaskawa-v1000.toml");
    return {std::istreambuf_iterator<char>(in), {}};
}

// Replaces the first `from` (a whole line's start) with `to` and expects a refusal at the
// changed line whose reason mentions `why`.
void refused_at(const std::string& good, const std::string& from, const std::string& to,
                const std::string& why) {
    CAPTURE(to);
    const auto at = good.find(from);
    REQUIRE(at != std::string::npos);
    std::string text = good;
    text.replace(at, from.size(), to);
    auto e = refused(text);
    CHECK(e.line == 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    CHECK_MESSAGE(e.reason.find(why) != std::string::npos, e.reason);
}

} // namespace

TEST_CASE("nonsense drive maps are refused with file, line and reason") {
    const std::string delta = delta_text();
    refused_at(delta, "setpoint_register = 0x2001", "setpoint_register = 0x2000",
               "same register as [command] register");
    refused_at(delta, "register = 0x2101", "register = 0x2000", "our own command read back");
    refused_at(delta, "register = 0x2101", "register = 0x2001", "our own setpoint read back");
    refused_at(delta, "error_register = 0x2100", "error_register = 0x2000",
               "our own command read back");
    refused_at(delta, "output_register = 0x2103", "output_register = 0x2001",
               "our own setpoint read back");
    refused_at(delta, "run_forward = 0x0012", "run_forward = 0x0001", "stop would run");
    refused_at(delta, "run_reverse = 0x0022", "run_reverse = 0x0012", "equals run_forward");
    refused_at(delta, "timeout_register = 0x0903", "timeout_register = 0x2001",
               "arming the watchdog would overwrite it");
    refused_at(delta, "action_register = 0x0902", "action_register = 0x2000",
               "arming the watchdog would overwrite it");
    refused_at(delta, "fault_reset = 0x0002", "fault_reset = 0x0000", "no reset bit");
    refused_at(delta, "running = { mask = 0x0003, value = 0x0003 }",
               "running = { mask = 0x0000, value = 0x0000 }", "always run");
    refused_at(delta, "stopping = { mask = 0x0003, value = 0x0001 }",
               "stopping = { mask = 0x0003, value = 0x0003 }", "same pattern as running");
    refused_at(delta, "register = 0x2002 ", "register = 0x2001 ", "written as a speed");
    refused_at(delta, "value = 0x0001  ", "value = 0x0003  ", "reset, not stop");
    refused_at(delta, "fast_stop_decel_time_s = 2.0", "fast_stop_decel_time_s = 20.0",
               "shorter than decel_time_s");
    refused_at(delta, "mechanism = \"external-fault\"", "mechanism = \"pull-the-plug\"",
               "mechanism");

    const std::string yaskawa = yaskawa_text();
    // Yaskawa resets through the command register itself: a reset bit shared with run.
    refused_at(yaskawa, "fault_reset = 0x0008", "fault_reset = 0x0009",
               "a fault reset would start the belt");
    refused_at(yaskawa, "fault_reset = 0x0008", "fault_reset = 0x0000", "no reset bit");
    refused_at(yaskawa, "value = 0x0004", "value = 0x0005", "not be a fast stop");
    refused_at(yaskawa, "apply_register = 0x0910", "apply_register = 0x0002",
               "apply (ENTER) command would overwrite it");
}

TEST_CASE("the [fast_stop] section is strict and says what is still to verify") {
    for (auto name : {"delta-ms300", "yaskawa-v1000", "siemens-v20", "schneider-atv320"}) {
        CAPTURE(name);
        auto r = devicemap::load_drive_map(testing::source_dir() + "/hw/devices/" + name + ".toml");
        REQUIRE(std::holds_alternative<devicemap::DriveMap>(r));
        const auto& m = std::get<devicemap::DriveMap>(r);
        REQUIRE(m.fast_stop);
        CHECK(
            (m.fast_stop->mechanism == "external-fault" || m.fast_stop->mechanism == "quick-stop"));
        CHECK_FALSE(m.fast_stop->verify.empty());
        CHECK(m.simulation.fast_stop_decel_time_s < m.simulation.decel_time_s);
    }
    const std::string delta = delta_text();
    refused_at(delta, "fault_code = 49 ", "fault_codes = 49 ", "fault_codes");
}

namespace {

std::string map_text(const std::string& name) {
    std::ifstream in(testing::source_dir() + "/hw/devices/" + name + ".toml");
    return {std::istreambuf_iterator<char>(in), {}};
}

devicemap::DriveMap shipped(const std::string& name) {
    auto r = devicemap::load_drive_map(testing::source_dir() + "/hw/devices/" + name + ".toml");
    if (auto* e = std::get_if<devicemap::DataFileError>(&r)) FAIL(e->message());
    return std::get<devicemap::DriveMap>(r);
}

// Cuts the section starting at `header` up to the next "\n[" header.
std::string without_section(const std::string& text, const std::string& header) {
    const auto at = text.find(header);
    REQUIRE(at != std::string::npos);
    const auto end = text.find("\n[", at + 1);
    return text.substr(0, at) + (end == std::string::npos ? "" : text.substr(end + 1));
}

} // namespace

TEST_CASE("the maps match the facts file: Yaskawa fault bit 14, Delta two-bit state, DGT4X "
          "layout") {
    const auto y = shipped("yaskawa-v1000");
    REQUIRE(y.status_fault);
    CHECK(y.status_register == 0x002C);
    CHECK(y.status_fault->mask == 0x4000); // bE fault, not bF
    REQUIRE(y.status_comm_timeout);
    CHECK(y.status_comm_timeout->mask == 0x8000);
    REQUIRE(y.fault_detail);
    CHECK(y.fault_detail->address == 0x0021); // a bitfield, not a code
    CHECK(y.min_request_gap == std::chrono::milliseconds(5));
    CHECK(y.parameter_write_gap >= std::chrono::milliseconds(50));
    CHECK_FALSE(y.function_06);
    const auto d = shipped("delta-ms300");
    CHECK(d.status_running.mask == 0x0003);
    CHECK(d.status_running.value == 0x0003);
    REQUIRE(d.status_stopping);
    CHECK(d.status_stopping->value == 0x0001);
    CHECK(d.error_mask == 0x00FF);
    REQUIRE(d.warning);
    CHECK(d.warning->mask == 0xFF00);
    CHECK(d.warning->value_of(0x3A07) == 0x3A);
    CHECK(d.is_write_only(0x2000));
    CHECK(d.is_write_only(0x2002));
    CHECK_FALSE(d.is_write_only(0x2101));
    const auto v = shipped("siemens-v20");
    CHECK(v.command_register == 99); // 40100 - 40001
    CHECK(v.units_per_hz == doctest::Approx(16384.0 / 50.0));
    CHECK(v.watchdog_set_on_drive.has_value());
    CHECK(v.comm_fault_code == 72);
    const auto a = shipped("schneider-atv320");
    REQUIRE(a.run_sequence.size() == 3);
    CHECK(a.run_sequence[0].command == 6);
    CHECK(a.run_sequence[1].command == 7);
    CHECK(a.run_sequence[2].command == 15);
    CHECK(a.status_register == 3201);
    CHECK(a.frequency_setpoint_register == 8502);
    for (const auto* m : {&y, &d, &v, &a})
        CHECK_FALSE(m->unverified().empty()); // each still has facts to check on the bench
}

TEST_CASE("bad maps are refused with file, line and reason: ranges, overlaps, masks, missing "
          "sections, unknown keys, write-only reads") {
    const std::string delta = map_text("delta-ms300");
    const std::string yaskawa = map_text("yaskawa-v1000");
    // A register outside the documented blocks.
    refused_at(delta, "output_register = 0x2103", "output_register = 0x2203",
               "outside the device's documented address ranges");
    refused_at(yaskawa, "error_register = 0x0080", "error_register = 0x1080",
               "outside the device's documented address ranges");
    // Overlapping fields.
    refused_at(delta, "warning = { register = 0x2100, mask = 0xFF00 }",
               "warning = { register = 0x2100, mask = 0x0FF0 }", "overlaps [status] error_mask");
    refused_at(yaskawa, "comm_timeout = { mask = 0x8000, value = 0x8000 }",
               "comm_timeout = { mask = 0xC000, value = 0x8000 }", "overlaps [status] fault");
    refused_at(delta, "mask = 0x0018", "mask = 0x0019", "overlaps [status] running");
    // A bit mask wider than its register.
    refused_at(yaskawa, "fault = { mask = 0x4000, value = 0x4000 }",
               "fault = { mask = 0x14000, value = 0x4000 }", "wider than its 16-bit register");
    refused_at(delta, "error_mask = 0x00FF", "error_mask = 0x100FF", "wider than its 16-bit");
    // Unknown keys, at any depth.
    refused_at(delta, "min_request_gap_ms = 0", "min_request_gaps_ms = 0", "min_request_gaps_ms");
    refused_at(delta, "kind = \"flag\"", "kinds = \"flag\"", "kinds");
    // A write-only register read back.
    refused_at(delta, "register = 0x2102", "register = 0x2002", "write-only");
    // Missing watchdog / fast-stop sections.
    for (const char* header : {"[watchdog]", "[fast_stop]"}) {
        CAPTURE(header);
        const auto text = without_section(delta, header);
        auto e = refused(text);
        CHECK(e.line > 0);
        const std::string name = std::string(header).substr(1, std::string(header).size() - 2);
        CHECK_MESSAGE(e.reason.find("no [" + name + "] section") != std::string::npos, e.reason);
    }
    // A CiA402 sequence that does not end with the run word.
    const std::string atv = map_text("schneider-atv320");
    refused_at(atv, "    { command = 0x000F, mask = 0x006F, value = 0x0027 },",
               "    { command = 0x0007, mask = 0x006F, value = 0x0027 },", "end with run_forward");
}

TEST_CASE("[modbus] reply_delay_us: read in microseconds, bounded, refused with its line") {
    const std::string delta = delta_text();
    const std::string path = testing::make_temp_dir("tg-map") + "/drive.toml";
    std::string text = delta;
    const std::string key = "reply_delay_us = 0";
    text.replace(text.find(key), key.size(), "reply_delay_us = 2500");
    std::ofstream(path) << text;
    auto r = devicemap::load_drive_map(path);
    REQUIRE(std::holds_alternative<devicemap::DriveMap>(r));
    CHECK(std::get<devicemap::DriveMap>(r).reply_delay == std::chrono::microseconds(2500));
    refused_at(delta, key, "reply_delay_us = -1", "reply_delay_us");
    refused_at(delta, key, "reply_delay_us = 2000000", "reply_delay_us");
    refused_at(delta, key, "reply_delay_us = \"fast\"", "reply_delay_us");
}
