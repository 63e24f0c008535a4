// Issue 12 on the touchscreen, against the real daemon: the first run's entry checks (the
// runner answers theirs on the plan screen, the clinician the rest on the Review tab, with
// the PIN), START held back until they pass, and "clinician review needed" after severe pain
// shown on the plan and cleared on the Review tab with a reason.
#include "tests/hmi/api_probe.hpp"
#include "tests/hmi/hmi_session.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <functional>
#include <thread>

using nlohmann::json;
using tg::testing::ApiProbe;
using tg::testing::HmiSession;
using tg::testing::HmiSessionOptions;

namespace {

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string text(const json& layout, const std::string& key) {
    return layout.value("texts", json::object()).value(key, "");
}

bool enabled(const json& layout, const std::string& button) {
    const json buttons = layout.value("buttons", json::object());
    return buttons.contains(button) && buttons[button].value("enabled", false);
}

void unlock_clinician(HmiSession& hmi) {
    hmi.tap("clinician");
    hmi.wait_screen("pin");
    for (const char* key : {"pin-1", "pin-2", "pin-3", "pin-4"})
        hmi.tap(key);
    hmi.tap("pin-ok");
    hmi.wait_screen("clinician-runners");
}

} // namespace

TEST_CASE("entry checks on the HMI: the runner's on the plan, the clinician's with the PIN") {
    HmiSessionOptions options{"1280x800", false, ""};
    options.answer_entry_checks = false;
    HmiSession hmi(options);
    REQUIRE(hmi.real_controller());
    ApiProbe api(hmi.api_socket());
    hmi.wait_screen("runners", 20);
    hmi.tap("runner:Ana");
    hmi.wait_screen("plan");
    json layout =
        hmi.wait_layout([](const json& l) { return !text(l, "entry-pain_at_rest").empty(); }, 10);
    INFO(layout.dump());
    CHECK_FALSE(enabled(layout, "start")); // the daemon would refuse it
    CHECK(text(layout, "entry-cleared_to_run").find("clinician") != std::string::npos);

    // One answer at a time: an answered row loses its buttons, so the rows below move up.
    hmi.tap("entry-pain_at_rest-yes");
    REQUIRE(text(hmi.wait_layout(
                     [](const json& l) {
                         return text(l, "entry-pain_at_rest").starts_with("\xE2\x9C\x93");
                     },
                     10),
                 "entry-pain_at_rest")
                .starts_with("\xE2\x9C\x93"));
    hmi.tap("entry-pain_free_walking-yes");
    layout = hmi.wait_layout(
        [](const json& l) {
            return text(l, "entry-pain_free_walking").starts_with("\xE2\x9C\x93") &&
                   text(l, "entry-pain_at_rest").starts_with("\xE2\x9C\x93");
        },
        10);
    CHECK(text(layout, "entry-pain_at_rest").starts_with("\xE2\x9C\x93"));
    CHECK_FALSE(enabled(layout, "start"));

    unlock_clinician(hmi);
    hmi.tap("tab-review");
    hmi.wait_screen("clinician-review");
    hmi.tap("review-entry-cleared_to_run-yes");
    // The records have all three answers; the audit names who answered.
    const double deadline = now_s() + 10;
    json plan;
    while (now_s() < deadline) {
        plan = api.call({{"cmd", "plan"}, {"runner", "Ana"}})["plans"][0];
        bool all = true;
        for (const auto& c : plan["entry_checks"])
            all = all && c["passed"].get<bool>();
        if (all) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    for (const auto& c : plan["entry_checks"])
        CHECK(c["passed"] == true);
    const json audit = api.call({{"cmd", "audit"}, {"pin", tg::testing::kClinicianPin}});
    bool by_clinician = false, by_runner = false;
    for (const auto& e : audit["entries"]) {
        by_clinician = by_clinician ||
                       (e["what"] == "entry_check Ana cleared_to_run" && e["who"] == "clinician");
        by_runner =
            by_runner || (e["what"] == "entry_check Ana pain_at_rest" && e["who"] == "runner");
    }
    CHECK(by_clinician);
    CHECK(by_runner);

    hmi.tap("clinician-exit");
    hmi.wait_screen("plan");
    layout = hmi.wait_layout([](const json& l) { return enabled(l, "start"); }, 10);
    CHECK(enabled(layout, "start"));
}

TEST_CASE("clinician review needed: shown on the plan, cleared on the Review tab with a reason") {
    HmiSession hmi({"1280x800", false, ""});
    REQUIRE(hmi.real_controller());
    ApiProbe api(hmi.api_socket());
    hmi.wait_screen("runners", 20);
    hmi.tap("runner:Ana");
    hmi.wait_screen("plan");
    hmi.tap("start");
    REQUIRE(api.wait_status([](const json& s) { return s.value("state", "") == "Running"; }, 20)
                .value("state", "") == "Running");
    // The HMI's warm-up is 0 s: the run phase is on; severe pain ends the session.
    REQUIRE(api.wait_status([](const json& s) { return s["phase"].value("kind", "") == "run"; }, 20)
                .is_object());
    REQUIRE(api.call({{"cmd", "pain"}, {"level", 9}}).value("ok", false));
    (void)api.call({{"cmd", "stop"}}); // the runner prefers to stop at once
    REQUIRE(api.wait_status([](const json& s) { return s.value("state", "") != "Running"; }, 30)
                .is_object());
    hmi.wait_screen("summary", 30);
    hmi.tap("summary-done");
    hmi.wait_screen("runners");
    hmi.tap("runner:Ana");
    hmi.wait_screen("plan");
    json layout =
        hmi.wait_layout([](const json& l) { return !text(l, "plan-review").empty(); }, 10);
    INFO(layout.dump());
    CHECK(text(layout, "plan-review").find("9") != std::string::npos);
    CHECK_FALSE(enabled(layout, "start"));

    unlock_clinician(hmi);
    hmi.tap("tab-review");
    hmi.wait_screen("clinician-review");
    layout = hmi.wait_layout([](const json& l) { return !text(l, "review-reason").empty(); }, 10);
    CHECK_FALSE(enabled(layout, "review-clear")); // a reason first
    hmi.tap("review-why-0");
    hmi.tap("review-clear");
    const double deadline = now_s() + 10;
    json plan;
    while (now_s() < deadline) {
        plan = api.call({{"cmd", "plan"}, {"runner", "Ana"}})["plans"][0];
        if (!plan["clinician_review_needed"].get<bool>()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK_FALSE(plan["clinician_review_needed"].get<bool>());
    const json audit = api.call({{"cmd", "audit"}, {"pin", tg::testing::kClinicianPin}});
    bool cleared = false;
    for (const auto& e : audit["entries"])
        cleared = cleared || (e["what"] == "review.clear Ana" &&
                              e["why"].get<std::string>().starts_with("Seen in clinic"));
    CHECK(cleared);
    layout = hmi.wait_layout([](const json& l) { return text(l, "review-reason").empty(); }, 10);
    CHECK(text(layout, "review-reason").empty());
}
