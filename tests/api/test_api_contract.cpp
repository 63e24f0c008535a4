// The API contract on its own: every request, reply and event reads back what it wrote,
// and malformed messages give an error naming the field, never an exception.
#include "controller/api/api_constants.hpp"
#include "controller/api/api_envelope.hpp"
#include "controller/api/api_events.hpp"
#include "controller/api/api_requests.hpp"
#include "controller/api/audit_messages.hpp"
#include "controller/api/command_replies.hpp"
#include "controller/api/session_messages.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace tg;
using api::json;

namespace {

template <class T>
T round_trip(const T& value) {
    const json written = value;
    const auto read = api::decode<T>(written);
    REQUIRE_MESSAGE(read.ok(), (read.ok() ? "" : read.error()));
    CHECK(json(read.value()) == written);
    return read.value();
}

} // namespace

TEST_CASE("requests write their cmd and read back") {
    CHECK(json(api::FaultAckRequest{}) == json{{"cmd", "fault.ack"}});
    CHECK(json(api::FaultAckRequest{"2468"}) == json{{"cmd", "fault.ack"}, {"pin", "2468"}});
    round_trip(api::FaultAckRequest{"2468"});
    round_trip(api::SpeedRequest{6.5});
    round_trip(api::SessionsShowRequest{12});
    api::CapsSetRequest caps;
    caps.pin = "1";
    caps.why = "knee";
    caps.speed_cap_kmh = 7.5;
    const auto back = round_trip(caps);
    CHECK(back.speed_cap_kmh == 7.5);
    CHECK_FALSE(back.duration_cap_s);
    api::RunnersAddRequest add;
    add.name = "Ana";
    add.mass_kg = 61;
    add.injury_side = "left";
    round_trip(add);
}

TEST_CASE("a request with a wrong type names the field") {
    const auto speed = api::decode<api::SpeedRequest>(json{{"cmd", "speed"}, {"kmh", "fast"}});
    REQUIRE_FALSE(speed.ok());
    CHECK(speed.error() == "kmh: expected a number, got a string");
    const auto pain = api::decode<api::PainRequest>(json{{"cmd", "pain"}, {"level", 2.5}});
    REQUIRE_FALSE(pain.ok());
    CHECK(pain.error() == "level: expected an integer, got a number");
    const auto ack = api::decode<api::FaultAckRequest>(json{{"cmd", "fault.ack"}, {"pin", 1234}});
    REQUIRE_FALSE(ack.ok());
    CHECK(ack.error() == "pin: expected a string, got an integer");
}

TEST_CASE("reply envelope: ok, refusals with their code, and the pin refusal of fault.ack") {
    const auto ok = api::decode<api::ReplyHeader>(json{{"v", 1}, {"id", 7}, {"ok", true}});
    REQUIRE(ok.ok());
    CHECK(ok->ok);
    CHECK(ok->id == 7);
    json refused = api::error_body(api::error_code::pin, "needs the clinician PIN");
    refused["v"] = 1;
    refused["id"] = "a";
    const auto r = api::decode<api::ReplyHeader>(refused);
    REQUIRE(r.ok());
    REQUIRE(r->error);
    CHECK(r->error->code == "pin");
    const auto bad = api::decode<api::ReplyHeader>(json{{"ok", false}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error() == "error: is missing from a refusal");
    const auto bad_id = api::decode<api::ReplyHeader>(json{{"ok", true}, {"id", json::array()}});
    REQUIRE_FALSE(bad_id.ok());
    CHECK(bad_id.error() == "id: expected an integer or a string, got an array");
    CHECK(std::find(api::kErrorCodes.begin(), api::kErrorCodes.end(), "pin") !=
          api::kErrorCodes.end());
}

TEST_CASE("audit entries: when_utc, old_value, new_value and client") {
    api::AuditReply reply;
    reply.entries.push_back({"clinician", "hmi uid=1000", "2026-12-01T10:00:00.000Z",
                             "caps.set Ana", "8.0", "7.5", "knee"});
    const auto back = round_trip(reply);
    CHECK(back.entries[0].client == "hmi uid=1000");
    // What the daemon used to send: when/old/new.
    const json legacy = {
        {"entries",
         {{{"who", "c"}, {"when", "t"}, {"what", "w"}, {"old", ""}, {"new", ""}, {"why", ""}}}}};
    const auto old = api::decode<api::AuditReply>(legacy);
    REQUIRE_FALSE(old.ok());
    CHECK(old.error() == "entries[0].client: is missing");
}

TEST_CASE("session summary: nulls for the unmeasured, legacy end reasons kept as text") {
    api::SessionShowReply show;
    show.session.id = 3;
    show.session.runner = "Ana";
    show.session.start_utc = "2026-12-01T10:00:00.000Z";
    show.session.profile = "pain-free-limit";
    show.session.end_reason = "fault";
    show.session.alarm_code = "drive_fault";
    show.steps_count = 0;
    const json written = show;
    CHECK(written["mean_cadence_spm"].is_null());
    CHECK(written["session"]["distance_m"].is_null());
    round_trip(show);

    CHECK(api::ended_abnormally("emergency_stop"));
    CHECK(api::ended_abnormally("fault"));
    CHECK(api::ended_abnormally("stopped")); // legacy text for a fault or emergency stop
    CHECK_FALSE(api::ended_abnormally("limit_coming"));
    CHECK_FALSE(api::ended_abnormally("operator_stop"));
    CHECK(api::end_reason_text("emergency_stop") == "emergency stop");
    CHECK(api::end_reason_text("stopped") == "stopped");
    for (auto r : {api::EndReason::limit_coming, api::EndReason::interrupted})
        CHECK(api::parse_end_reason(api::end_reason_id(r)) == r);

    json zero_means = written;
    zero_means["max_valr_bw_s"] = "0";
    const auto bad = api::decode<api::SessionShowReply>(zero_means);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error() == "max_valr_bw_s: expected a number, got a string");
}

TEST_CASE("events read back, an unknown or broken event is an error") {
    api::SessionEndEvent end{
        12, "emergency_stop", std::nullopt, std::string("emergency_stop_pressed"), 120.5, 30.0};
    const json line = api::event_json(end);
    CHECK(line["event"] == "session_end");
    const auto back = api::decode_event(line);
    REQUIRE(back.ok());
    const auto& read = std::get<api::SessionEndEvent>(back.value());
    CHECK(read.end_reason == "emergency_stop");
    CHECK(read.alarm_code == std::optional<std::string>("emergency_stop_pressed"));
    CHECK(read.distance_m == std::optional<double>(120.5));
    CHECK(read.run_time_s == 30.0);
    const auto alarm = api::decode_event(
        api::event_json(api::AlarmEvent{"drive_not_confirming_stop", "emergency_stop", "r", "a"}));
    REQUIRE(alarm.ok());
    CHECK(std::get<api::AlarmEvent>(alarm.value()).code ==
          api::alarm_code::drive_not_confirming_stop);
    const auto unknown = api::decode_event(json{{"v", 1}, {"event", "party"}});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error() == "event: unknown event 'party'");
    const auto broken = api::decode_event(json{{"v", 1}, {"event", "step"}, {"step", 3}});
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error() == "step: expected an object, got an integer");
    CHECK(api::line_kind(line) == api::LineKind::event);
}

TEST_CASE("garbage never throws") {
    for (const char* text : {"", "{", "[]", "null", "7", "{\"status\":[]}", "\"x\""}) {
        INFO(text);
        CHECK_FALSE(api::decode_line<api::StatusReply>(text).ok());
        CHECK_FALSE(api::decode_line<api::AuditReply>(text).ok());
    }
    json deep = 1;
    for (int i = 0; i < 2000; ++i)
        deep = json::array({deep});
    CHECK_FALSE(api::decode<api::AuditReply>(json{{"entries", deep}}).ok());
}
