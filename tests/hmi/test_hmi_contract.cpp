// The HMI's parsers on what the real daemon sends: the golden files captured by
// test_api_golden (tests/hmi/golden), and broken variants of them that must give a clear
// error, never a crash.
#include "controller/api/audit_messages.hpp"
#include "controller/api/command_replies.hpp"
#include "controller/api/session_messages.hpp"
#include "hmi/api/controller_status.hpp"
#include "tests/hmi/golden_shape.hpp"

#include <doctest/doctest.h>

using nlohmann::json;
using namespace tg;

TEST_CASE("the HMI reads the daemon's idle, running and emergency-stop status") {
    for (const char* name : {"status_idle", "status_running", "status_emergency_stop"}) {
        INFO(name);
        std::string error;
        const auto st = hmi::parse_status(testing::read_golden(name)["status"], &error);
        REQUIRE_MESSAGE(st, error);
        CHECK_FALSE(st->state.empty());
    }
    std::string error;
    const auto running =
        hmi::parse_status(testing::read_golden("status_running")["status"], &error);
    REQUIRE(running);
    CHECK(running->state == "Running");
    CHECK(running->session_id.has_value());
    CHECK(running->actual_kmh.value_or(0) > 0);
    const auto stopped =
        hmi::parse_status(testing::read_golden("status_emergency_stop")["status"], &error);
    REQUIRE(stopped);
    CHECK(stopped->state == "EmergencyStop");
    CHECK(hmi::has_latched_alarm(*stopped));
}

TEST_CASE("the audit list reads when_utc, old_value and new_value as the daemon sends them") {
    const auto audit = api::decode<api::AuditReply>(testing::read_golden("audit"));
    REQUIRE_MESSAGE(audit.ok(), (audit.ok() ? "" : audit.error()));
    REQUIRE_FALSE(audit->entries.empty());
    bool caps = false;
    for (const auto& e : audit->entries) {
        CHECK_FALSE(e.when_utc.empty());
        CHECK_FALSE(e.what.empty());
        caps = caps || (e.what.rfind("caps.set", 0) == 0 && !e.new_value.empty());
    }
    CHECK(caps);
}

TEST_CASE("the Devices tab reads the daemon's nested devices object") {
    const auto d = api::decode<api::DevicesReply>(testing::read_golden("devices"));
    REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error()));
    CHECK_FALSE(d->devices.drive.link.empty());
    CHECK(d->devices.drive.requests > 0);
    CHECK_FALSE(d->devices.treadmill.id.empty());
}

TEST_CASE("the summary reads the record of an emergency-stopped session") {
    const auto show =
        api::decode<api::SessionShowReply>(testing::read_golden("sessions_show_emergency_stop"));
    REQUIRE_MESSAGE(show.ok(), (show.ok() ? "" : show.error()));
    const auto reason = show->session.end_reason.value_or("");
    CHECK(api::ended_abnormally(reason));
    CHECK(api::end_reason_text(reason) != "completed");
    const auto list = api::decode<api::SessionsListReply>(testing::read_golden("sessions_list"));
    REQUIRE_MESSAGE(list.ok(), (list.ok() ? "" : list.error()));
    CHECK_FALSE(list->sessions.empty());
}

TEST_CASE("a malformed daemon reply gives a clear error, never a crash") {
    json st = testing::read_golden("status_running")["status"];
    std::string error;

    json missing = st;
    missing["speed"].erase("actual_kmh");
    CHECK_FALSE(hmi::parse_status(missing, &error));
    CHECK(error == "status: speed.actual_kmh: is missing");

    json wrong = st;
    wrong["alarms"] = json::array({{{"code", 7}}});
    CHECK_FALSE(hmi::parse_status(wrong, &error));
    CHECK(error.find("alarms[0].code: expected a string, got an integer") != std::string::npos);

    for (const json& junk : {json(nullptr), json(3), json::array(), json("x"), json::object()}) {
        CHECK_FALSE(hmi::parse_status(junk, &error));
        CHECK_FALSE(error.empty());
    }

    json audit = testing::read_golden("audit");
    audit["entries"][0]["when_utc"] = nullptr;
    const auto a = api::decode<api::AuditReply>(audit);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error() == "entries[0].when_utc: must not be null");

    const auto line = api::decode_line<api::DevicesReply>("{\"ok\":true,\"devices\":");
    REQUIRE_FALSE(line.ok());
    CHECK(line.error() == "the line is not valid JSON");
}

TEST_CASE("the contract writes what it reads") {
    for (const char* name : {"status_idle", "status_running", "status_emergency_stop"}) {
        INFO(name);
        const json golden = testing::read_golden(name)["status"];
        const auto st = api::decode<api::Status>(golden);
        REQUIRE(st.ok());
        CHECK(testing::shape_differences(golden, json(st.value())).empty());
    }
    const json show = testing::read_golden("sessions_show_emergency_stop");
    const auto s = api::decode<api::SessionShowReply>(show);
    REQUIRE(s.ok());
    json written = s.value();
    written["ok"] = true;
    written["v"] = 1;
    CHECK(testing::shape_differences(show, written).empty());
}
