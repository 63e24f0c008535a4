// A whole scripted session through the daemon: runner added, start, speed requests above the
// cap, pain report, limit, stop — capped, recorded, exported; and the SIGKILL durability test.
#include "controller/store/store.hpp"
#include "tests/service/session_support.hpp"

#include <fstream>
#include <sstream>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

TEST_CASE("scripted session: capped, recorded, exported") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    start_running(ctl, sim);
    const double cap = ctl.status()["speed"]["cap_kmh"].get<double>();
    REQUIRE(cap > 0);
    // The runner asks for more than the cap: the limiter holds the cap.
    auto above = ctl.call({{"cmd", "speed"}, {"kmh", cap + 5}});
    require_ok(above);
    std::this_thread::sleep_for(3s);
    auto s = ctl.status();
    CHECK(s["speed"]["commanded_kmh"].get<double>() <= cap + 1e-6);
    CHECK(sim_belt_kmh(sim) <= cap + 0.05);
    require_ok(ctl.call({{"cmd", "pain"}, {"level", 1}}));
    std::this_thread::sleep_for(2s);
    const auto session_id = ctl.status()["session_id"];
    REQUIRE(session_id.is_number());
    require_ok(ctl.call({{"cmd", "stop"}}));
    auto stopped = wait_for(
        ctl, [](const json& st) { return st["state"] == "Stopped"; }, 20s);
    REQUIRE(stopped);

    auto shown = ctl.call({{"cmd", "sessions.show"}, {"session_id", session_id}});
    require_ok(shown);
    CHECK(shown["steps_count"].get<int>() > 5);
    CHECK(shown["session"]["end_utc"].is_string());
    CHECK(shown["session"]["max_pain"] == 1);
    CHECK(shown["pain"].size() == 1);
    auto csv =
        ctl.call({{"cmd", "sessions.export"}, {"session_id", session_id}, {"format", "csv"}});
    require_ok(csv);
    std::istringstream lines(csv["content"].get<std::string>());
    std::string header;
    std::getline(lines, header);
    CHECK(header.find("valr") != std::string::npos);
    int rows = 0;
    for (std::string line; std::getline(lines, line);)
        ++rows;
    CHECK(rows == shown["steps_count"].get<int>());
    auto summary =
        ctl.call({{"cmd", "sessions.export"}, {"session_id", session_id}, {"format", "json"}});
    require_ok(summary);
    CHECK(json::parse(summary["content"].get<std::string>()).contains("session"));
    // The raw force recording exports in a format `treadguard analyze` reads, and the offline
    // analysis finds the steps the live analysis recorded.
    auto raw =
        ctl.call({{"cmd", "sessions.export"}, {"session_id", session_id}, {"format", "recording"}});
    require_ok(raw);
    const std::string file = make_temp_dir("tg-rec") + "/session.csv";
    std::ofstream(file) << raw["content"].get<std::string>();
    auto analysis = run_command(bin_dir() + "/treadguard analyze " + file, 60);
    INFO(analysis.output.substr(0, 600));
    REQUIRE(analysis.exit_code == 0);
    auto offline = json::parse(analysis.output);
    CHECK(offline["steps"].get<int>() >= rows - 3);
    CHECK(offline["steps"].get<int>() <= rows + 3);
    MESSAGE("session " << session_id << ": " << rows << " steps recorded and exported, cap " << cap
                       << " km/h held; offline analysis of the raw recording: " << offline["steps"]
                       << " steps");
}

TEST_CASE("limit coming ends the run phase at once and records today's pain-free limit") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim, {"--config", quick_profiles_config()});
    start_running(ctl, sim);
    auto refused = ctl.call({{"cmd", "limit"}}); // still in the 5 s warm-up walk
    CHECK_FALSE(refused["ok"].get<bool>());
    auto run_phase = wait_for(
        ctl, [](const json& st) { return st["phase"].is_object() && st["phase"]["kind"] == "run"; },
        15s);
    REQUIRE(run_phase);
    std::this_thread::sleep_for(4s);
    require_ok(ctl.call({{"cmd", "limit"}}));
    auto limited = wait_for(
        ctl, [](const json& st) { return st["limit"].is_object(); }, 3s);
    REQUIRE(limited);
    const auto s = ctl.status();
    CHECK(s["limit"]["reason"] == "limit coming");
    CHECK(s["limit"]["run_s"].get<double>() >= 3);
    CHECK(s["phase"]["kind"] == "cool-down"); // straight to the cool-down walk
    MESSAGE("limit recorded: " << s["limit"].dump());
    auto ended = wait_for(
        ctl, [](const json& st) { return st["state"] == "Stopped"; }, 40s);
    REQUIRE_MESSAGE(ended, "the session did not end after its cool-down: " << ctl.status().dump());
    auto sessions = ctl.call({{"cmd", "sessions.list"}});
    require_ok(sessions);
    REQUIRE(sessions["sessions"].size() == 1);
    CHECK(sessions["sessions"][0]["end_reason"] == "limit_coming");
    CHECK(sessions["sessions"][0]["pain_free_limit_s"].get<double>() >= 3);
    // Tomorrow is a rest day after a run, today's plan is done: the next plan builds on the limit.
    auto plan = ctl.call({{"cmd", "plan"}, {"runner", "Ana"}, {"days", 3}});
    require_ok(plan);
    MESSAGE(plan["text"].get<std::string>().substr(0, 400));
}

TEST_CASE(
    "SIGKILL mid-session: every step older than one second is in the database, which opens clean") {
    SimProcess sim({"--runner-mass", "70"});
    const std::string keep = make_temp_dir("tg-kill");
    const auto config = quick_profiles_config(); // a 5 s warm-up: the runner gets to run
    auto ctl = std::make_unique<ControllerProcess>(
        sim, std::vector<std::string>{"--config", config}, keep);
    start_running(*ctl, sim);
    auto watcher = ctl->client();
    REQUIRE(watcher->call({{"cmd", "subscribe"}, {"rate_hz", 20}}));
    std::vector<SteadyClock::time_point> step_seen;
    const auto until = SteadyClock::now() + 12s;
    while (SteadyClock::now() < until) {
        auto m = watcher->next(200ms);
        if (m && (*m)["event"] == "step") step_seen.push_back(SteadyClock::now());
    }
    const auto kill_time = SteadyClock::now();
    ctl->kill_hard();
    const auto old_steps = std::count_if(step_seen.begin(), step_seen.end(),
                                         [&](auto t) { return kill_time - t > 1s; });
    REQUIRE(old_steps > 3);
    auto store = store::Store::open(keep + "/treadguard.db");
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
    auto check = store.value().connection().query_text("PRAGMA integrity_check");
    REQUIRE(check.ok());
    CHECK(check.value() == "ok");
    auto runner = store.value().find_runner("Ana");
    REQUIRE(runner.ok());
    auto sessions = store.value().list_sessions(runner->id);
    REQUIRE(sessions.ok());
    REQUIRE(sessions->size() == 1);
    auto steps = store.value().steps(sessions->front().id);
    REQUIRE(steps.ok());
    MESSAGE(step_seen.size() << " steps streamed, " << old_steps << " older than 1 s at the kill, "
                             << steps->size() << " in the database");
    CHECK(static_cast<long>(steps->size()) >= old_steps);
    CHECK_FALSE(sessions->front().end_reason); // still open: nobody closed it
    // What the restart must derive: the running time of the steps kept (steps with a flight
    // phase); here the runner was still walking the warm-up and the ramp, so it may be 0.
    double running_s = 0;
    for (const auto& st : steps.value())
        if (st.flight_time_s.value_or(0) > 0) running_s += st.step_time_s.value_or(0);
    store = store::Error{}; // the daemon alone opens its records
    // The next controller closes it as interrupted, with the run time from the steps kept,
    // and the planner does not take the runner for one who never ran.
    {
        ControllerProcess again(sim, {"--config", config}, keep);
        auto list = again.call({{"cmd", "sessions.list"}, {"runner", "Ana"}});
        require_ok(list);
        REQUIRE(list["sessions"].size() == 1);
        const auto& s = list["sessions"][0];
        CHECK(s["end_reason"] == "interrupted");
        CHECK_FALSE(s["end_utc"].is_null());
        CHECK(s["run_time_s"].get<double>() == doctest::Approx(running_s).epsilon(0.01));
        CHECK(s["steps"].get<long>() == static_cast<long>(steps->size()));
        MESSAGE("after the restart: session closed as interrupted, "
                << s["steps"].get<long>() << " steps, run time " << s["run_time_s"].get<double>()
                << " s from the steps kept");
        auto plan = again.call({{"cmd", "plan"}, {"runner", "Ana"}});
        require_ok(plan);
        CHECK(plan["plans"][0]["decision"] != "first session");
    }
    (void)std::system(("rm -rf '" + keep + "'").c_str());
}

TEST_CASE(
    "clinician overrides: PIN-gated, bounded by the profile, audited, and they change the plan") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    require_ok(ctl.call({{"cmd", "runners.add"}, {"name", "Ana"}, {"mass_kg", 62}}));
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "2468"}}));
    auto wrong = ctl.call({{"cmd", "caps.set"},
                           {"pin", "1111"},
                           {"runner", "Ana"},
                           {"pain_threshold", 4},
                           {"why", "x"}});
    CHECK(wrong["error"]["code"] == "pin");
    auto too_high = ctl.call({{"cmd", "caps.set"},
                              {"pin", "2468"},
                              {"runner", "Ana"},
                              {"pain_threshold", 7},
                              {"why", "x"}});
    CHECK(too_high["error"]["code"] == "refused");
    require_ok(ctl.call({{"cmd", "caps.set"},
                         {"pin", "2468"},
                         {"runner", "Ana"},
                         {"pain_threshold", 4},
                         {"why", "patellofemoral pain stable at 3/10 for weeks"}}));
    auto plan = ctl.call({{"cmd", "plan"}, {"runner", "Ana"}});
    require_ok(plan);
    CHECK(plan["plans"][0]["pain_threshold"].get<double>() == doctest::Approx(4.0));
    auto audit = ctl.call({{"cmd", "audit"}, {"pin", "2468"}});
    require_ok(audit);
    bool found = false;
    for (const auto& e : audit["entries"])
        found = found || (e["what"] == "caps.set Ana" &&
                          e["why"].get<std::string>().starts_with("patellofemoral"));
    CHECK(found);
}
