// Golden JSON files from the real daemon: runs treadguard-controller against
// treadguard-sim through idle, a run and an emergency stop, captures the replies the HMI
// reads (status, audit, devices, sessions.show, sessions.list, history, runners.list, hello),
// checks that the API contract (controller/api) reads every one, and that their keys and
// types match the committed files in tests/hmi/golden, which the HMI's parser tests read. With
// TG_UPDATE_GOLDEN=1 it rewrites the files instead (after a deliberate contract change).
#include "controller/api/audit_messages.hpp"
#include "controller/api/command_replies.hpp"
#include "controller/api/session_messages.hpp"
#include "tests/hmi/golden_shape.hpp"
#include "tests/service/session_support.hpp"

#include <cstdlib>
#include <fstream>
#include <map>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

// The reply without the envelope's per-call id.
json body(json reply) {
    reply.erase("id");
    return reply;
}

template <class T>
void check_contract(const std::string& name, const json& reply) {
    INFO(name << ": " << reply.dump());
    REQUIRE(reply.value("ok", false));
    const auto decoded = api::decode<T>(reply);
    CHECK_MESSAGE(decoded.ok(), name << " does not match the contract: "
                                     << (decoded.ok() ? "" : decoded.error()));
}

void compare_or_update(const std::string& name, const json& reply) {
    if (std::getenv("TG_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(golden_path(name)) << reply.dump(2) << "\n";
        MESSAGE("wrote " << golden_path(name));
        return;
    }
    const json golden = read_golden(name);
    const auto diffs = shape_differences(golden, reply);
    for (const auto& d : diffs)
        MESSAGE(name << ": " << d);
    CHECK_MESSAGE(diffs.empty(), name << " drifted from " << golden_path(name)
                                      << " (TG_UPDATE_GOLDEN=1 rewrites it)");
}

template <class T>
void capture(const std::string& name, const json& reply) {
    check_contract<T>(name, reply);
    compare_or_update(name, body(reply));
}

bool state_is(const json& s, const char* state) {
    return s.value("state", "") == state;
}

} // namespace

TEST_CASE("the daemon's replies match the API contract and the golden files") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim, {"--config", quick_profiles_config()});

    capture<api::HelloReply>(
        "hello", ctl.call({{"cmd", "hello"}, {"client", "golden"}, {"interactive", false}}));
    capture<api::StatusReply>("status_idle", ctl.call({{"cmd", "status"}}));
    require_ok(ctl.call({{"cmd", "pin.set"}, {"new_pin", "1234"}}));

    start_running(ctl, sim, "Ana", "1234");
    // A few steps in, so the running status has a step and a cadence.
    REQUIRE(wait_for(
        ctl, [](const json& s) { return !s["cadence"]["spm"].is_null(); }, 30s));
    capture<api::StatusReply>("status_running", ctl.call({{"cmd", "status"}}));
    const auto session_id = ctl.status()["session_id"].get<std::int64_t>();

    require_ok(ctl.call({{"cmd", "emergency_stop"}}));
    REQUIRE(wait_for(
        ctl, [](const json& s) { return state_is(s, "EmergencyStop"); }, 5s));
    REQUIRE(wait_for(
        ctl, [](const json& s) { return s["session_id"].is_null(); }, 15s));
    capture<api::StatusReply>("status_emergency_stop", ctl.call({{"cmd", "status"}}));

    const json show = ctl.call({{"cmd", "sessions.show"}, {"session_id", session_id}});
    capture<api::SessionShowReply>("sessions_show_emergency_stop", show);
    CHECK(show["session"]["end_reason"] == "emergency_stop");
    capture<api::SessionsListReply>("sessions_list", ctl.call({{"cmd", "sessions.list"}}));

    require_ok(ctl.call({{"cmd", "caps.set"},
                         {"pin", "1234"},
                         {"why", "golden capture"},
                         {"runner", "Ana"},
                         {"speed_cap_kmh", 7.5}}));
    const json audit = ctl.call({{"cmd", "audit"}, {"pin", "1234"}});
    capture<api::AuditReply>("audit", audit);
    CHECK_FALSE(audit.dump().find("1234") != std::string::npos); // no PIN in the log
    capture<api::DevicesReply>("devices", ctl.call({{"cmd", "devices"}}));
    capture<api::HistoryReply>("history", ctl.call({{"cmd", "history"}, {"runner", "Ana"}}));
    capture<api::RunnersListReply>("runners_list", ctl.call({{"cmd", "runners.list"}}));
}
