// treadguard-clinic against a real Mosquitto and a real PostgreSQL: records land once,
// duplicates change nothing, every kind of bad input is quarantined with its reason and
// told to the treadmill, the broker's ACL keeps a treadmill off another's topics, the
// server's database role is confined to its schema, and no secret reaches a log.
#include "controller/clinic_sync/clinic_topics.hpp"
#include "controller/clinic_sync/mqtt_link.hpp"
#include "tests/clinic/clinic_test_support.hpp"

#include <doctest/doctest.h>

using namespace tg::testing;
using json = nlohmann::json;
namespace cs = tg::clinic_sync;

namespace {

const std::string clinic = "c1";
const std::map<std::string, std::string> passwords{
    {"treadguard-clinic", "srv-Secret-41"}, {"tm1", "tm1-Secret-42"}, {"tm2", "tm2-Secret-43"}};
const std::string db_password = "db-Secret-44";

std::unique_ptr<cs::MqttLink> treadmill_link(const MosquittoServer& broker, const std::string& id,
                                             std::vector<std::string> subscriptions = {}) {
    cs::MqttOptions o;
    o.host = "127.0.0.1";
    o.port = broker.port();
    o.client_id = "test-" + id;
    o.username = id;
    o.password = passwords.at(id);
    o.subscriptions = std::move(subscriptions);
    std::string error;
    auto link = cs::MqttLink::start(o, error);
    REQUIRE_MESSAGE(link, error);
    REQUIRE(wait_until([&] { return link->connected(); }, std::chrono::seconds(10)));
    return link;
}

json runner_data(int id) {
    return {{"id", id},
            {"name", "Ana"},
            {"body_mass_kg", 62.0},
            {"preferred_cadence_spm", 170.0},
            {"injury_side", "left"},
            {"injury_notes", ""},
            {"target_speed_kmh", 10.0},
            {"target_duration_min", 30.0},
            {"target_runs_per_week", 3},
            {"profile_name", "pain-free-limit"}};
}

json session_start_data(int id, int runner) {
    return {{"id", id},
            {"runner_id", runner},
            {"runner", "Ana"},
            {"start_unix_ms", 1},
            {"profile_name", "pfl"},
            {"speed_cap_kmh", 8.0},
            {"duration_cap_s", 600.0},
            {"pain_stop_threshold", 3}};
}

json step_data(int session, int seq) {
    return {{"session_id", session}, {"seq", seq},
            {"t_s", 0.7 * seq},      {"side", "left"},
            {"step_time_s", 0.35},   {"contact_time_s", 0.25},
            {"flight_time_s", 0.1},  {"peak_force_n", 1500},
            {"peak_force_bw", 2.4},  {"impact_peak_bw", nullptr},
            {"valr_bw_s", 60.0},     {"vilr_bw_s", 70.0},
            {"cadence_spm", 168.0}};
}

} // namespace

TEST_CASE("treadguard-clinic stores records once and quarantines bad input") {
    const auto started = std::chrono::steady_clock::now();
    PostgresServer db(db_password);
    MosquittoServer broker(clinic, passwords);
    ClinicServerProcess server(clinic, broker, passwords.at("treadguard-clinic"), db);
    REQUIRE(wait_until(
        [&] {
            return server.log().find("PostgreSQL connected") != std::string::npos &&
                   server.log().find("broker connected") != std::string::npos;
        },
        std::chrono::seconds(20)));
    // The server's subscription is in place once the broker says so.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));

    const std::string records_topic = cs::treadmill_topic(clinic, "tm1", cs::records_leaf);
    auto tm1 =
        treadmill_link(broker, "tm1", {cs::treadmill_topic(clinic, "tm1", cs::rejection_leaf)});
    const std::string good = batch(
        "tm1", json::array(
                   {record(1, "runner", runner_data(1)),
                    record(2, "session_start", session_start_data(1, 1)),
                    record(3, "step", step_data(1, 1)), record(4, "step", step_data(1, 2)),
                    record(5, "step", step_data(1, 3)),
                    record(6, "pain", {{"id", 1}, {"session_id", 1}, {"t_s", 2.0}, {"pain", 1}})}));
    auto count = [&](const std::string& table) {
        return [&db, table] { return db.query("SELECT count(*) FROM treadguard." + table); };
    };

    REQUIRE(tm1->publish(records_topic, good, 1, false));
    CHECK(wait_for_value(count("records"), "6", std::chrono::seconds(15)) == "6");
    CHECK(db.query("SELECT count(*) FROM treadguard.steps WHERE treadmill = 'tm1'") == "3");
    CHECK(db.query("SELECT last_seq FROM treadguard.treadmills WHERE id = 'tm1'") == "6");

    // A duplicate delivery (QoS 1 may deliver twice) changes nothing.
    REQUIRE(tm1->publish(records_topic, good, 1, false));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(count("records")() == "6");
    CHECK(count("quarantine")() == "0");

    // Bad input, each kind once.
    json bad_step = step_data(1, 4);
    bad_step["t_s"] = "soon";
    REQUIRE(tm1->publish(records_topic, "this is not json", 1, false));
    REQUIRE(tm1->publish(records_topic, batch("tm1", json::array({record(7, "step", bad_step)})), 1,
                         false));
    REQUIRE(tm1->publish(
        records_topic,
        batch("tm1", json::array({record(8, "session_start", session_start_data(2, 99))})), 1,
        false));
    REQUIRE(tm1->publish(
        records_topic,
        batch("tm1", json::array({record(
                         20, "pain", {{"id", 2}, {"session_id", 1}, {"t_s", 3.0}, {"pain", 2}})})),
        1, false));
    REQUIRE(tm1->publish(
        records_topic,
        batch("tm1", json::array({record(21, "audit", {{"blob", std::string(300 * 1024, 'x')}})})),
        1, false));
    REQUIRE(tm1->publish(
        records_topic, batch("tm2", json::array({record(1, "runner", runner_data(1))})), 1, false));
    CHECK(wait_for_value(count("quarantine"), "6", std::chrono::seconds(15)) == "6");
    const std::string reasons =
        db.query("SELECT string_agg(reason, ' | ' ORDER BY id) FROM treadguard.quarantine");
    INFO(reasons);
    CHECK(reasons.find("not a JSON object") != std::string::npos);
    CHECK(reasons.find("field 't_s' must be a number") != std::string::npos);
    CHECK(reasons.find("unknown runner 99") != std::string::npos);
    CHECK(reasons.find("sequence gap: expected record 9, got 20") != std::string::npos);
    CHECK(reasons.find("larger than the limit") != std::string::npos);
    CHECK(reasons.find("which it does not own") != std::string::npos);
    // The treadmill is told each time.
    std::vector<cs::ReceivedMessage> told;
    CHECK(wait_until(
        [&] {
            for (auto& m : tm1->take_messages())
                told.push_back(m);
            return told.size() >= 6;
        },
        std::chrono::seconds(10)));
    CHECK(told.size() == 6);
    CHECK(server.running());

    // The broker's ACL: tm1 cannot publish under tm2, nor read tm2's rejections.
    REQUIRE(tm1->publish(cs::treadmill_topic(clinic, "tm2", cs::records_leaf),
                         batch("tm2", json::array({record(1, "runner", runner_data(1))})), 1,
                         false));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(db.query("SELECT count(*) FROM treadguard.treadmills WHERE id = 'tm2'") == "0");
    CHECK(count("quarantine")() == "6");

    // Live status: retained, the treadmills table keeps the last one.
    REQUIRE(tm1->publish(
        cs::treadmill_topic(clinic, "tm1", cs::status_leaf),
        json{{"treadmill", "tm1"}, {"online", true}, {"status", {{"state", "Idle"}}}}.dump(), 0,
        true));
    CHECK(wait_for_value(
              [&] {
                  return db.query(
                      "SELECT last_status->>'state' FROM treadguard.treadmills WHERE id = 'tm1'");
              },
              "Idle", std::chrono::seconds(10)) == "Idle");

    // The server's role writes its schema and nothing else.
    CHECK(db.query_as_clinic("SELECT count(*) FROM treadguard.records").first == 0);
    CHECK(db.query_as_clinic("CREATE TABLE public.intruder (x integer)").first != 0);
    CHECK(db.query_as_clinic("CREATE SCHEMA intruder").first != 0);

    server.stop();
    const std::string logs = server.log() + broker.log() + db.log();
    for (const auto& [user, password] : passwords)
        CHECK(logs.find(password) == std::string::npos);
    CHECK(logs.find(db_password) == std::string::npos);
    MESSAGE("clinic server test: " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - started)
                                          .count()
                                   << " ms");
}
