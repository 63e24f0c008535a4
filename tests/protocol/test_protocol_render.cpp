#include "controller/protocol/plan_forecast.hpp"
#include "controller/protocol/plan_json.hpp"
#include "controller/protocol/plan_text.hpp"
#include "tests/protocol/protocol_fixture.hpp"

#include <doctest/doctest.h>

using namespace tg::protocol;
using namespace tg::protocol::testing;

TEST_CASE("fourteen days as text and JSON, with reasons") {
    const auto plans =
        plan_days(repo_profile("walk-run"), test_runner("walk-run"), {}, start_day, 14);
    REQUIRE(plans.size() == 14);
    const std::string text = plans_text(plans);
    CHECK(text.find("2026-03-02  RUN  (first session, walk-run") == 0);
    CHECK(text.find(
              "walk-run intervals: 15:00 at up to 7.5 km/h (run 3:00 / walk 2:00 at 5.0 km/h)") !=
          std::string::npos);
    CHECK(text.find("2026-03-03  REST") != std::string::npos);
    CHECK(text.find("why: Rest day: at least 1 rest day between runs.") != std::string::npos);
    CHECK(text.find("2026-03-15") != std::string::npos);

    const nlohmann::json json = plans_json(plans);
    REQUIRE(json.is_array());
    REQUIRE(json.size() == 14);
    const auto& first = json[0];
    CHECK(first["date"] == "2026-03-02");
    CHECK(first["rest_day"] == false);
    CHECK(first["decision"] == "first session");
    CHECK(first["phases"].size() == 3);
    CHECK(first["phases"][1]["kind"] == "walk-run intervals");
    CHECK(first["phases"][1]["run_s"] == 180);
    CHECK(first["phases"][1]["duration_cap_s"] == 900);
    CHECK(first["step"]["walk_run_phase"] == 1);
    CHECK(first["volume"]["run_s_allowed_14d"] == 3240);
    CHECK(first["reasons"].size() >= 1);
    CHECK(json[1]["rest_day"] == true);
    CHECK(json[1]["phases"].empty());
    // Round trip through text: the JSON is valid and complete.
    CHECK(nlohmann::json::parse(json.dump()) == json);
}
