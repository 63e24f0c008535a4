// The progress report from the real controller (issue 15 item 1): the API's `report` and
// `treadguard report` after a real session against treadguard-sim, read back with pdftotext;
// the audit only with the clinician PIN; bad requests refused with a reason.
#include "tests/service/session_support.hpp"

#include <filesystem>
#include <fstream>

using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

std::string pdf_text(const std::string& file) {
    const auto text = run_command("pdftotext -layout '" + file + "' -", 60);
    REQUIRE(text.exit_code == 0);
    return text.output;
}

std::string error_code(const json& reply) {
    return reply.value("ok", true) ? std::string() : reply["error"].value("code", "");
}

} // namespace

TEST_CASE("a real session's report through the API and the CLI") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim, {"--config", quick_profiles_config()});
    start_running(ctl, sim);
    run_to_limit(ctl, 5s); // straight to the cool-down walk
    require_ok(ctl.call({{"cmd", "caps.set"},
                         {"runner", "Ana"},
                         {"pin", kTestPin},
                         {"why", "knee calm after the first run"},
                         {"speed_cap_kmh", 8.0}}));

    // Without a PIN: the report, without the audit.
    const json plain = ctl.call({{"cmd", "report"}, {"runner", "Ana"}});
    require_ok(plain);
    CHECK(plain["sessions"] == 1);
    CHECK(plain["pages"].get<int>() >= 1);
    CHECK(plain["audit_included"] == false);
    CHECK(plain["pdf_base64"].get<std::string>().starts_with("JVBERi")); // "%PDF-"

    // The CLI asks the same command and writes the file.
    const std::string dir = make_temp_dir("tg-report");
    const std::string file = dir + "/ana.pdf";
    const auto made =
        run_command(bin_dir() + "/treadguard --api " + ctl.api_path() + " report Ana --pdf " +
                        file + " --pin " + kTestPin + " --clinician Dr.Test --paper letter",
                    120);
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
    CHECK(made.output.find("1 sessions, with the audit") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(file + ".part"));
    const std::string text = pdf_text(file);
    INFO(text);
    CHECK(text.find("Ana") != std::string::npos);
    CHECK(text.find("Dr.Test") != std::string::npos);
    CHECK(text.find("knee calm after the first run") != std::string::npos); // the audit's why
    CHECK(text.find("first session") != std::string::npos); // the decision before the run
    CHECK(text.find("demo-delta") != std::string::npos);    // the treadmill (machine file)
    // One week of running has no band yet; the volume axis still starts at 0 minutes.
    const auto volume = text.find("Weekly run volume");
    REQUIRE(volume != std::string::npos);
    const std::string axis = text.substr(volume, text.find("Runs per week") - volume);
    CHECK(axis.find(" -") == std::string::npos);

    // Refused, with the reason, and the controller goes on.
    CHECK(error_code(ctl.call({{"cmd", "report"}, {"runner", "Ana"}, {"pin", "0000"}})) == "pin");
    CHECK(error_code(ctl.call({{"cmd", "report"}, {"runner", "Ana"}, {"from", "2026-13-01"}})) ==
          "bad_request");
    CHECK(error_code(ctl.call({{"cmd", "report"},
                               {"runner", "Ana"},
                               {"from", "2026-03-02"},
                               {"to", "2026-03-01"}})) == "bad_request");
    CHECK(error_code(ctl.call({{"cmd", "report"}, {"runner", "Ana"}, {"paper", "a3"}})) ==
          "bad_request");
    CHECK_FALSE(error_code(ctl.call({{"cmd", "report"}, {"runner", "Nobody"}})).empty());
    // A period with no session is still a report (an empty table), not an error.
    const json empty = ctl.call(
        {{"cmd", "report"}, {"runner", "Ana"}, {"from", "2001-01-01"}, {"to", "2001-01-31"}});
    require_ok(empty);
    CHECK(empty["sessions"] == 0);
    require_ok(ctl.call({{"cmd", "status"}}));
}
