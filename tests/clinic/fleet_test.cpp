// The clinic fleet under faults: two treadmills (treadguard-sim + treadguard-controller each)
// run sessions against one Mosquitto, one treadguard-clinic and one PostgreSQL while the
// broker is stopped mid-session, one controller is killed with SIGKILL and restarted, and
// PostgreSQL is restarted. Afterwards every step, pain report and session end in each
// treadmill's SQLite is in PostgreSQL exactly once, and its record sequence has no hole.
#include "controller/store/sqlite_connection.hpp"
#include "controller/store/sqlite_statement.hpp"
#include "tests/clinic/clinic_test_support.hpp"
#include "tests/service/session_support.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

const std::string clinic = "fleet";
const std::map<std::string, std::string> passwords{
    {"treadguard-clinic", "srv-Fleet-51"}, {"tm1", "tm1-Fleet-52"}, {"tm2", "tm2-Fleet-53"}};

std::string treadmill_config(const std::string& profiles_config, const std::string& dir,
                             const std::string& treadmill, int broker_port) {
    const std::string password_file = dir + "/" + treadmill + ".password";
    std::ofstream(password_file) << passwords.at(treadmill) << "\n";
    const std::string path = dir + "/" + treadmill + ".toml";
    std::ofstream(path) << read_text_file(profiles_config)
                        << "[clinic]\nbroker_host = \"127.0.0.1\"\n"
                        << "broker_port = " << broker_port << "\nclinic = \"" << clinic
                        << "\"\ntreadmill = \"" << treadmill << "\"\npassword_file = \""
                        << password_file << "\"\nstatus_hz = 4\n";
    return path;
}

std::vector<std::string> sqlite_rows(store::sqlite::Connection& db, const std::string& sql) {
    std::vector<std::string> rows;
    auto stmt = db.prepare(sql);
    REQUIRE_MESSAGE(stmt.ok(), sql);
    for (;;) {
        auto row = stmt->step();
        REQUIRE(row.ok());
        if (!row.value()) break;
        rows.push_back(stmt->column_text(0));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::vector<std::string> pg_rows(const PostgresServer& db, const std::string& sql) {
    std::vector<std::string> rows;
    std::stringstream text(db.query(sql));
    for (std::string line; std::getline(text, line);)
        if (!line.empty()) rows.push_back(line);
    std::sort(rows.begin(), rows.end());
    return rows;
}

// Everything of one treadmill's SQLite (the controller has stopped) against PostgreSQL.
void compare_treadmill(const PostgresServer& db, const std::string& treadmill,
                       const std::string& store_path) {
    INFO("treadmill " << treadmill);
    auto opened = store::sqlite::Connection::open(store_path);
    REQUIRE(opened.ok());
    auto& local = opened.value();
    const std::string where = " WHERE treadmill = '" + treadmill + "'";
    const auto local_steps =
        sqlite_rows(local, "SELECT session_id || ':' || seq || ':' || side FROM steps");
    const auto local_pain =
        sqlite_rows(local, "SELECT id || ':' || session_id || ':' || pain FROM pain_reports");
    const auto local_ends = sqlite_rows(
        local, "SELECT id || ':' || end_reason || ':' || step_count FROM sessions WHERE "
               "end_unix_ms IS NOT NULL");
    CHECK(local_steps.size() > 10);
    CHECK(local_ends.size() >= 1);
    CHECK(local_steps ==
          pg_rows(db, "SELECT session_local_id || ':' || seq || ':' || side FROM treadguard.steps" +
                          where));
    CHECK(local_pain ==
          pg_rows(db, "SELECT local_id || ':' || session_local_id || ':' || pain FROM "
                      "treadguard.pain_reports" +
                          where));
    CHECK(local_ends == pg_rows(db, "SELECT local_id || ':' || end_reason || ':' || step_count "
                                    "FROM treadguard.sessions" +
                                        where + " AND end_unix_ms IS NOT NULL"));
    // The whole record sequence, once each: PostgreSQL holds 1..last, and last is the
    // treadmill's highest sequence number; what the outbox still holds was delivered.
    const auto last_local = local.query_int("SELECT seq FROM sqlite_sequence WHERE name = "
                                            "'clinic_outbox'");
    REQUIRE(last_local.ok());
    const std::string last_pg = db.query("SELECT last_seq FROM treadguard.treadmills" +
                                         std::string(" WHERE id = '") + treadmill + "'");
    CHECK(last_pg == std::to_string(last_local.value()));
    CHECK(db.query("SELECT count(*) || ':' || coalesce(max(seq), 0) FROM treadguard.records" +
                   where) == last_pg + ":" + last_pg);
    const auto left = local.query_int("SELECT coalesce(min(seq), 0) FROM clinic_outbox");
    REQUIRE(left.ok());
    CHECK((left.value() == 0 || left.value() <= std::stoll(last_pg)));
    MESSAGE(treadmill << ": " << local_steps.size() << " steps, " << local_pain.size()
                      << " pain reports, " << local_ends.size() << " session ends, " << last_pg
                      << " records, all in PostgreSQL once");
}

} // namespace

TEST_CASE("fleet: broker stop, controller SIGKILL and PostgreSQL restart lose and duplicate "
          "nothing") {
    const auto started = SteadyClock::now();
    PostgresServer db("db-Fleet-54");
    MosquittoServer broker(clinic, passwords);
    ClinicServerProcess server(clinic, broker, passwords.at("treadguard-clinic"), db);
    REQUIRE(wait_until(
        [&] {
            return server.log().find("PostgreSQL connected") != std::string::npos &&
                   server.log().find("broker connected") != std::string::npos;
        },
        20s));

    const std::string dir = make_temp_dir("tg-fleet");
    const std::string profiles = quick_profiles_config();
    const std::string config_a = treadmill_config(profiles, dir, "tm1", broker.port());
    const std::string config_b = treadmill_config(profiles, dir, "tm2", broker.port());
    const std::string store_a = make_temp_dir("tg-fleet-a");
    const std::string store_b = make_temp_dir("tg-fleet-b");
    SimProcess sim_a({"--runner-mass", "70"});
    SimProcess sim_b({"--runner-mass", "70"});
    auto a = std::make_unique<ControllerProcess>(
        sim_a, std::vector<std::string>{"--config", config_a}, store_a);
    auto b = std::make_unique<ControllerProcess>(
        sim_b, std::vector<std::string>{"--config", config_b}, store_b);
    start_running(*a, sim_a, "Ana");
    start_running(*b, sim_b, "Ben");
    // Live status reaches the clinic (retained, a few times a second).
    CHECK(wait_for_value(
              [&] {
                  return db.query(
                      "SELECT last_status->>'state' FROM treadguard.treadmills WHERE id = 'tm1'");
              },
              "Running", 20s) == "Running");
    std::this_thread::sleep_for(2s);
    require_ok(a->call({{"cmd", "pain"}, {"level", 1}}));

    // 1. The broker stops mid-session: records wait in the outboxes.
    broker.stop();
    std::this_thread::sleep_for(4s);
    require_ok(b->call({{"cmd", "pain"}, {"level", 1}}));
    broker.start();
    std::this_thread::sleep_for(3s);

    // 2. Treadmill B's controller is killed mid-session and restarted on the same store: it
    // closes the session as interrupted, and sends what the killed one had not.
    b->kill_hard();
    b.reset();
    b = std::make_unique<ControllerProcess>(sim_b, std::vector<std::string>{"--config", config_b},
                                            store_b);

    // 3. PostgreSQL restarts: the clinic server holds what arrives meanwhile.
    db.stop();
    std::this_thread::sleep_for(3s);
    db.start();

    require_ok(a->call({{"cmd", "stop"}}));
    REQUIRE(wait_for(
        *a, [](const json& s) { return s["state"] == "Stopped"; }, 30s));

    // Everything settles: both sessions ended in PostgreSQL, the sequences stop moving.
    CHECK(wait_for_value(
              [&] {
                  return db.query(
                      "SELECT count(*) FILTER (WHERE end_unix_ms IS NOT NULL) || '/' || count(*) "
                      "FROM treadguard.sessions");
              },
              "2/2", 30s) == "2/2");
    std::string last, now;
    for (int stable = 0; stable < 3;) {
        std::this_thread::sleep_for(1s);
        now = db.query("SELECT string_agg(id || '=' || last_seq, ',' ORDER BY id) FROM "
                       "treadguard.treadmills");
        stable = now == last ? stable + 1 : 0;
        last = now;
    }
    a.reset();
    b.reset();
    compare_treadmill(db, "tm1", store_a + "/treadguard.db");
    compare_treadmill(db, "tm2", store_b + "/treadguard.db");
    CHECK(db.query("SELECT count(*) FROM treadguard.quarantine") == "0");
    CHECK(db.query("SELECT end_reason FROM treadguard.sessions WHERE treadmill = 'tm2'") ==
          "interrupted");
    CHECK(server.running());
    // The faults happened while records flowed: the server saw its database go away.
    const std::string server_log = server.log();
    CHECK((server_log.find("PostgreSQL connection lost") != std::string::npos ||
           server_log.find("PostgreSQL unavailable") != std::string::npos));
    CHECK(server_log.find("broker lost") != std::string::npos);
    for (const auto& [user, password] : passwords)
        CHECK(server_log.find(password) == std::string::npos);
    MESSAGE("fleet test: " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                  SteadyClock::now() - started)
                                  .count()
                           << " ms");
    (void)std::system(("rm -rf '" + dir + "' '" + store_a + "' '" + store_b + "'").c_str());
}
