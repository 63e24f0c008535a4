// The CLI against the real daemon, reading every reply through the API contract
// (controller/api): status, audit, ack with and without the PIN after an emergency stop,
// sessions show of that session; and a daemon reply that breaks the contract is reported
// naming the field, with exit 1, never a crash.
#include "controller/cli/api_client.hpp"
#include "controller/cli/command.hpp"
#include "tests/service/session_support.hpp"

#include <sstream>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
};

Run treadguard(const std::string& api, std::vector<std::string> args) {
    args.insert(args.begin(), {"--api", api});
    std::ostringstream out, err;
    Run r;
    r.code = cli::dispatch(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("status, audit, ack --pin and sessions show read the daemon's replies") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim, {"--config", quick_profiles_config()});
    const std::string api = ctl.api_path();

    Run status = treadguard(api, {"status"});
    INFO(status.out << status.err);
    CHECK(status.code == cli::exit_ok);
    CHECK((contains(status.out, "Idle") || contains(status.out, "Ready")));

    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "1234"}}));
    start_running(ctl, sim, "Ana", "1234");
    const auto session = ctl.status()["session_id"].get<std::int64_t>();
    require_ok(ctl.call({{"cmd", "emergency_stop"}}));
    REQUIRE(wait_for(
        ctl, [](const json& s) { return s["state"] == "EmergencyStop"; }, 5s));
    REQUIRE(wait_for(
        ctl, [](const json& s) { return s["session_id"].is_null(); }, 15s));

    status = treadguard(api, {"status"});
    CHECK(status.code == cli::exit_ok);
    CHECK(contains(status.out, "EmergencyStop"));
    CHECK(contains(status.out, "emergency_stop"));

    // The CLI is not the touchscreen: an emergency stop needs the clinician PIN.
    const Run no_pin = treadguard(api, {"ack"});
    INFO(no_pin.out << no_pin.err);
    CHECK(no_pin.code == cli::exit_failure);
    CHECK(contains(no_pin.err, "PIN"));
    // With the PIN the request passes the PIN gate and reaches the supervisor. (Whether the
    // supervisor then clears the latch depends on the drive resetting its external fault:
    // the CLI's job is to carry the PIN and print the daemon's answer.)
    REQUIRE(wait_for_belt(
        sim, [](double kmh) { return kmh == 0.0; }, 15s));
    const Run ack = treadguard(api, {"ack", "--pin", "1234"});
    INFO(ack.out << ack.err);
    CHECK_FALSE(contains(ack.err, "PIN"));
    if (ack.code == cli::exit_ok)
        CHECK(contains(ack.out, "acknowledged"));
    else
        CHECK((ack.code == cli::exit_failure && !ack.err.empty()));
    const Run wrong_pin = treadguard(api, {"ack", "--pin", "0000"});
    CHECK(wrong_pin.code == cli::exit_failure);

    const Run show = treadguard(api, {"sessions", "show", std::to_string(session)});
    INFO(show.out << show.err);
    CHECK(show.code == cli::exit_ok);
    CHECK(contains(show.out, "end: emergency stop"));
    CHECK(contains(show.out, "alarms: "));

    const Run audit = treadguard(api, {"audit", "--pin", "1234"});
    INFO(audit.out << audit.err);
    CHECK(audit.code == cli::exit_ok);
    CHECK(contains(audit.out, "emergency_stop"));
    CHECK(contains(audit.out, "20")); // when_utc
    CHECK_FALSE(contains(audit.out, "1234"));
    const Run wrong = treadguard(api, {"audit", "--pin", "9999"});
    CHECK(wrong.code == cli::exit_failure);
}

TEST_CASE("a reply that breaks the contract is reported with the field, exit 1") {
    const std::string dir = make_temp_dir("tg-cli-bad");
    const std::string sock = dir + "/api.sock";
    // Answers every request with ok and a status whose state is a number.
    ChildProcess server({"python3", "-c", R"(
import json, os, socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(4)
print("ready", flush=True)
while True:
    c, _ = s.accept(); f = c.makefile("rwb")
    for line in f:
        req = json.loads(line)
        f.write((json.dumps({"v": 1, "id": req.get("id"), "ok": True, "status": {"state": 7}}) + "\n").encode()); f.flush()
)",
                         sock});
    server.wait_for_line("ready", 10);
    const Run r = treadguard(sock, {"status"});
    INFO(r.out << r.err);
    CHECK(r.code == cli::exit_failure);
    CHECK(contains(r.err, "does not match the API contract: status.state: expected a string"));
    const Run s = treadguard(sock, {"sessions", "show", "1"});
    CHECK(s.code == cli::exit_failure);
    CHECK(contains(s.err, "session: is missing"));
}

TEST_CASE("the clinic's commands through the CLI: runners, PIN, entry checks, runner update, "
          "review") {
    SimProcess sim;
    ControllerProcess ctl(sim);
    const std::string api = ctl.api_path();
    Run add = treadguard(api, {"runners", "add", "Ana", "--mass", "62", "--target-speed", "10",
                               "--target-min", "30", "--runs-per-week", "3", "--side", "left"});
    INFO(add.out << add.err);
    REQUIRE(add.code == cli::exit_ok);
    Run plan = treadguard(api, {"plan", "Ana", "--days", "3"});
    INFO(plan.out << plan.err);
    CHECK(plan.code == cli::exit_ok); // whole numbers go out as integers
    REQUIRE(treadguard(api, {"pin", "set", "--new", "2468"}).code == cli::exit_ok);
    CHECK(treadguard(api, {"pin", "set", "--new", "1111"}).code != cli::exit_ok); // needs the old

    Run runner = treadguard(api, {"entry-check", "Ana", "pain_at_rest", "--passed"});
    INFO(runner.out << runner.err);
    CHECK(runner.code == cli::exit_ok);
    CHECK(contains(runner.out, "passed  pain_at_rest"));
    CHECK(contains(runner.out, "open    cleared_to_run"));
    CHECK(treadguard(api, {"entry-check", "Ana", "cleared_to_run", "--passed"}).code !=
          cli::exit_ok); // the clinician's: no PIN
    CHECK(treadguard(api, {"entry-check", "Ana", "cleared_to_run", "--passed", "--pin", "2468"})
              .code == cli::exit_ok);
    CHECK(treadguard(api, {"entry-check", "Ana", "x", "--passed", "--not-passed"}).code ==
          cli::exit_usage);

    Run update = treadguard(api, {"runner-update", "Ana", "--pin", "2468", "--why", "weighed",
                                  "--mass", "63.5", "--runs-per-week", "4", "--mute-metronome"});
    INFO(update.out << update.err);
    CHECK(update.code == cli::exit_ok);
    auto listed = ctl.call({{"cmd", "runners.list"}});
    CHECK(listed["runners"][0]["mass_kg"].get<double>() == doctest::Approx(63.5));
    CHECK(listed["runners"][0]["runs_per_week"] == 4);
    CHECK(listed["runners"][0]["metronome_muted"] == true);
    Run review = treadguard(api, {"review", "clear", "Ana", "--pin", "2468", "--why", "seen"});
    CHECK(review.code != cli::exit_ok); // nothing pending
    CHECK(contains(review.err, "no clinician review is pending"));
}
