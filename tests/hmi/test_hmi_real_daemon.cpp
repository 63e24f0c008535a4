// The HMI against the real treadguard-controller and treadguard-sim (no fake): alarms on
// screen, the summary after an emergency stop and after a drive fault (from the records,
// saying what happened), the audit list and the Devices tab showing the daemon's data.
// Screenshots of the audit list and the Devices tab go to /tmp/tg-shots.
#include "tests/hmi/api_probe.hpp"
#include "tests/hmi/hmi_session.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <functional>
#include <thread>

using nlohmann::json;
using tg::testing::ApiProbe;
using tg::testing::HmiSession;

namespace {

// Polls the HMI's layout until `ok` holds on its texts; returns the last texts.
json wait_texts(HmiSession& hmi, const std::function<bool(const json&)>& ok, double timeout_s) {
    return hmi
        .wait_layout([&](const json& l) { return ok(l.value("texts", json::object())); }, timeout_s)
        .value("texts", json::object());
}

std::string text(const json& texts, const char* key) {
    return texts.value(key, "");
}

void start_run(HmiSession& hmi, ApiProbe& api) {
    hmi.wait_screen("runners", 20);
    hmi.tap("runner:Ana");
    hmi.wait_screen("plan");
    hmi.tap("start");
    const json st =
        api.wait_status([](const json& s) { return s.value("state", "") == "Running"; }, 20);
    REQUIRE(st.value("state", "") == "Running");
    hmi.wait_screen("running", 20);
}

} // namespace

TEST_CASE("after an emergency stop the summary says so, from the records, and the alarm is shown") {
    HmiSession hmi({"800x480", false, ""});
    REQUIRE(hmi.real_controller());
    ApiProbe api(hmi.api_socket());
    start_run(hmi, api);
    REQUIRE(api.call({{"cmd", "emergency_stop"}}).value("ok", false));
    const json stopped =
        api.wait_status([](const json& s) { return s.value("state", "") == "EmergencyStop"; }, 10);
    std::string estop_reason; // the daemon's words for the emergency stop alarm
    for (const json& a : stopped["alarms"])
        if (a.value("severity", "") == "emergency_stop") estop_reason = a.value("reason", "");
    REQUIRE_FALSE(estop_reason.empty());
    hmi.wait_screen("summary", 30);
    const json texts = wait_texts(
        hmi, [](const json& t) { return !text(t, "summary-end-reason").empty(); }, 30);
    INFO(texts.dump());
    CHECK(text(texts, "summary-title") == "Session stopped");
    CHECK(text(texts, "summary-happened") == "Emergency stop: " + estop_reason);
    CHECK(text(texts, "summary-end-reason") == "emergency_stop");
    // Latched: the banner offers Acknowledge.
    const json l = hmi.layout();
    CHECK(l["buttons"].contains("ack"));
}

TEST_CASE("after a drive fault the summary names the fault and its alarm") {
    HmiSession hmi({"800x480", false, ""});
    REQUIRE(hmi.real_controller());
    ApiProbe api(hmi.api_socket());
    start_run(hmi, api);
    hmi.sim()->control("drive-fault 7");
    const json st =
        api.wait_status([](const json& s) { return s.value("state", "") == "Fault"; }, 10);
    REQUIRE(st.value("state", "") == "Fault");
    std::string fault_reason; // the latched alarm the daemon shows
    for (const json& a : st["alarms"])
        if (a.value("latched", false) && fault_reason.empty()) fault_reason = a.value("reason", "");
    hmi.wait_screen("summary", 30);
    const json texts = wait_texts(
        hmi, [](const json& t) { return !text(t, "summary-end-reason").empty(); }, 30);
    INFO(texts.dump());
    CHECK(text(texts, "summary-title") == "Session stopped");
    CHECK(text(texts, "summary-happened").rfind("Fault: ", 0) == 0);
    CHECK(text(texts, "summary-happened") == "Fault: " + fault_reason);
    CHECK(text(texts, "summary-end-reason") != "completed");
    CHECK(hmi.layout()["buttons"].contains("ack"));
}

TEST_CASE("the audit list and the Devices tab show the daemon's real data") {
    HmiSession hmi({"1280x800", false, "/tmp/tg-shots"});
    REQUIRE(hmi.real_controller());
    ApiProbe api(hmi.api_socket());
    // HmiSession set the PIN (kClinicianPin, "1234") to answer the entry checks.
    const json caps = api.call({{"cmd", "caps.set"},
                                {"pin", "1234"},
                                {"why", "knee settled"},
                                {"runner", "Ana"},
                                {"speed_cap_kmh", 7.5}});
    REQUIRE_MESSAGE(caps.value("ok", false), caps.dump());

    hmi.wait_screen("runners", 20);
    hmi.tap("clinician");
    hmi.wait_screen("pin");
    for (const char* key : {"pin-1", "pin-2", "pin-3", "pin-4"})
        hmi.tap(key);
    hmi.tap("pin-ok");
    hmi.wait_screen("clinician-runners");
    hmi.tap("tab-caps");
    hmi.wait_screen("clinician-caps");
    json texts = wait_texts(
        hmi, [](const json& t) { return !text(t, "audit-0").empty(); }, 10);
    INFO(texts.dump());
    const std::string newest = text(texts, "audit-0");
    CHECK(newest.find("caps.set Ana") != std::string::npos);
    CHECK(newest.find("knee settled") != std::string::npos);
    CHECK(newest.find("20") == 0);                   // when_utc: the year, not a blank
    CHECK(newest.find("1234") == std::string::npos); // never the PIN
    CHECK(text(texts, "audit-error").empty());
    hmi.screenshot();

    hmi.tap("tab-devices");
    hmi.wait_screen("clinician-devices");
    texts = wait_texts(
        hmi, [](const json& t) { return !text(t, "drive.link").empty(); }, 10);
    INFO(texts.dump());
    CHECK(text(texts, "drive.link").find("127.0.0.1") != std::string::npos);
    CHECK(std::stoll(text(texts, "drive.requests").empty() ? "0" : text(texts, "drive.requests")) >
          0);
    CHECK_FALSE(text(texts, "treadmill.id").empty());
    CHECK(text(texts, "devices-error").empty());
    hmi.screenshot();
}
