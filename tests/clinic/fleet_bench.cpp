// fleet-bench --treadmills N [--seconds S]: N synthetic treadmills (the controller's wire
// format and MQTT client, not sims: 4 Hz retained status and a records batch of three
// steps a second each, faster than a runner's ~2.7 steps/s) against one real Mosquitto,
// treadguard-clinic and PostgreSQL on this machine. Prints key=value lines.
#include "controller/clinic_sync/clinic_topics.hpp"
#include "controller/clinic_sync/mqtt_link.hpp"
#include "tests/clinic/clinic_test_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <unistd.h>

using namespace tg::testing;
using json = nlohmann::json;
namespace cs = tg::clinic_sync;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; fields >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double rss_mb(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

std::unique_ptr<cs::MqttLink> client(int port, const std::string& user, const std::string& id,
                                     std::vector<std::string> subscriptions = {}) {
    cs::MqttOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.client_id = id;
    o.username = user;
    o.password = user + "-bench";
    o.subscriptions = std::move(subscriptions);
    std::string error;
    auto link = cs::MqttLink::start(o, error);
    if (!link || !wait_until([&] { return link->connected(); }, std::chrono::seconds(10)))
        throw std::runtime_error("cannot connect " + user + ": " + error);
    return link;
}

json step(std::int64_t session, std::int64_t n) {
    return {{"session_id", session},
            {"seq", n},
            {"t_s", 0.37 * static_cast<double>(n)},
            {"side", n % 2 ? "left" : "right"},
            {"step_time_s", 0.37},
            {"contact_time_s", 0.25},
            {"flight_time_s", 0.12},
            {"peak_force_n", 1600.0},
            {"peak_force_bw", 2.4},
            {"impact_peak_bw", 1.6},
            {"valr_bw_s", 60.0},
            {"vilr_bw_s", 70.0},
            {"cadence_spm", 165.0}};
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

int main(int argc, char** argv) {
    // Run by hand, not by ctest: find the sources (hw/clinic) and binaries by default.
    setenv("TG_SOURCE_DIR", TG_BENCH_SOURCE_DIR, 0);
    setenv("TG_BIN_DIR", TG_BENCH_BIN_DIR, 0);
    int treadmills = 10;
    int seconds = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--treadmills")
            treadmills = std::clamp(std::atoi(argv[i + 1]), 1, 200);
        else if (arg == "--seconds")
            seconds = std::clamp(std::atoi(argv[i + 1]), 2, 600);
    }
    const std::string clinic = "bench";
    std::map<std::string, std::string> users{{"treadguard-clinic", "treadguard-clinic-bench"}};
    for (int t = 1; t <= treadmills; ++t)
        users["tm" + std::to_string(t)] = "tm" + std::to_string(t) + "-bench";
    PostgresServer db("db-bench");
    MosquittoServer broker(clinic, users);
    ClinicServerProcess server(clinic, broker, users["treadguard-clinic"], db);
    if (!wait_until([&] { return server.log().find("PostgreSQL connected") != std::string::npos; },
                    std::chrono::seconds(20)))
        throw std::runtime_error("clinic server did not start");
    auto observer = client(broker.port(), "treadguard-clinic", "bench-observer",
                           {std::string(cs::topic_root) + "/" + clinic + "/+/status"});
    std::vector<std::unique_ptr<cs::MqttLink>> links;
    for (int t = 1; t <= treadmills; ++t)
        links.push_back(
            client(broker.port(), "tm" + std::to_string(t), "bench-tm" + std::to_string(t)));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    std::vector<std::int64_t> seq(treadmills, 0);
    std::vector<double> status_ms;
    std::int64_t steps = 0, status_sent = 0;
    const double cpu_before = cpu_seconds(server.pid());
    const auto start = Clock::now();
    auto send = [&](int t, const json& records) {
        const std::string id = "tm" + std::to_string(t + 1);
        (void)links[t]->publish(cs::treadmill_topic(clinic, id, cs::records_leaf),
                                batch(id, records), 1, false);
    };
    for (int t = 0; t < treadmills; ++t) {
        json first = json::array();
        first.push_back(record(++seq[t], "runner",
                               {{"id", 1},
                                {"name", "R"},
                                {"body_mass_kg", 70.0},
                                {"preferred_cadence_spm", 165.0},
                                {"injury_side", "none"},
                                {"injury_notes", ""},
                                {"target_speed_kmh", 10.0},
                                {"target_duration_min", 30.0},
                                {"target_runs_per_week", 3},
                                {"profile_name", "pain-free-limit"}}));
        first.push_back(record(++seq[t], "session_start",
                               {{"id", 1},
                                {"runner_id", 1},
                                {"runner", "R"},
                                {"start_unix_ms", unix_ms()},
                                {"profile_name", "pain-free-limit"},
                                {"speed_cap_kmh", 9.0},
                                {"duration_cap_s", 900.0},
                                {"pain_stop_threshold", 3}}));
        for (auto& r : first)
            r["created_unix_ms"] = unix_ms();
        send(t, first);
    }
    std::int64_t tick = 0;
    while (Clock::now() - start < std::chrono::seconds(seconds)) {
        ++tick;
        for (int t = 0; t < treadmills; ++t) {
            const std::string id = "tm" + std::to_string(t + 1);
            (void)links[t]->publish(cs::treadmill_topic(clinic, id, cs::status_leaf),
                                    json{{"treadmill", id},
                                         {"online", true},
                                         {"at_unix_ms", unix_ms()},
                                         {"status", {{"state", "Running"}}}}
                                        .dump(),
                                    0, true);
            ++status_sent;
            if (tick % 4 == 0) {
                json records = json::array();
                for (int k = 0; k < 3; ++k) {
                    auto r = record(++seq[t], "step", step(1, seq[t]));
                    r["created_unix_ms"] = unix_ms();
                    records.push_back(r);
                    ++steps;
                }
                send(t, records);
            }
        }
        const auto until = start + std::chrono::milliseconds(250 * tick);
        while (Clock::now() < until) {
            for (const auto& m : observer->take_messages()) {
                if (m.retained) continue;
                const auto body = json::parse(m.payload, nullptr, false);
                if (body.is_object() && body.contains("at_unix_ms"))
                    status_ms.push_back(
                        static_cast<double>(unix_ms() - body["at_unix_ms"].get<std::int64_t>()));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = cpu_seconds(server.pid()) - cpu_before;
    const double rss = rss_mb(server.pid());
    std::int64_t expected = 0;
    for (auto s : seq)
        expected += s;
    (void)wait_for_value([&] { return db.query("SELECT count(*) FROM treadguard.records"); },
                         std::to_string(expected), std::chrono::seconds(30));
    const std::int64_t stored = std::stoll(db.query("SELECT count(*) FROM treadguard.records"));
    const std::int64_t distinct =
        std::stoll(db.query("SELECT count(DISTINCT (treadmill, seq)) FROM treadguard.records"));
    const double lag_p99 =
        std::stod(db.query("SELECT coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY "
                           "extract(epoch FROM received_at) "
                           "* 1000 - created_unix_ms), 0) FROM treadguard.records"));
    std::cout << "treadmills=" << treadmills << "\nseconds=" << elapsed
              << "\nsteps_per_s=" << static_cast<double>(steps) / elapsed
              << "\nstatus_msgs_per_s=" << static_cast<double>(status_sent) / elapsed
              << "\ne2e_status_p99_ms=" << percentile(status_ms, 0.99)
              << "\nrecords_lag_p99_ms=" << lag_p99 << "\nlost=" << expected - distinct
              << "\nduplicates=" << stored - distinct
              << "\nclinic_cpu_pct=" << 100.0 * cpu / elapsed << "\nclinic_rss_mb=" << rss
              << "\nsynthetic_treadmills=1\n";
    return 0;
}
