// The clinic server's pure checks of what arrives from the broker.
#include "clinic/record_checks.hpp"

#include <doctest/doctest.h>

using namespace tg::clinic;
using json = nlohmann::json;

TEST_CASE("topics: only treadguard/<clinic>/<treadmill>/<leaf> of our clinic") {
    CHECK(parse_topic("treadguard/c1/tm1/records"));
    CHECK_FALSE(parse_topic("treadguard/c1/tm1"));
    CHECK_FALSE(parse_topic("treadguard/c1/tm1/records/x"));
    CHECK_FALSE(parse_topic("other/c1/tm1/records"));
    CHECK_FALSE(parse_topic("treadguard/c1/t m/records"));
    CHECK(check_message("c1", "treadguard/c2/tm1/records", "{}").refused_whole);
    CHECK(check_message("c1", "treadguard/c1/tm1/secrets", "{}").refused_whole);
}

TEST_CASE("records: each malformed record is refused alone, with its reason") {
    const json good_pain = {{"id", 1}, {"session_id", 1}, {"t_s", 1.5}, {"pain", 2}};
    json bad_pain = good_pain;
    bad_pain["pain"] = "two";
    const json body = {
        {"treadmill", "tm1"},
        {"records",
         {{{"seq", 1}, {"kind", "pain"}, {"created_unix_ms", 5}, {"data", good_pain}},
          {{"seq", 2}, {"kind", "pain"}, {"created_unix_ms", 5}, {"data", bad_pain}},
          {{"seq", 3}, {"kind", "telepathy"}, {"created_unix_ms", 5}, {"data", json::object()}},
          {{"kind", "pain"}}}}};
    const auto m = check_message("c1", "treadguard/c1/tm1/records", body.dump());
    REQUIRE_FALSE(m.refused_whole);
    REQUIRE(m.records.size() == 1);
    CHECK(m.records[0].seq == 1);
    REQUIRE(m.refused.size() == 3);
    CHECK(m.refused[0].reason == "pain: field 'pain' must be an integer");
    CHECK(m.refused[1].reason.find("unknown record kind") != std::string::npos);
    CHECK_FALSE(m.refused[2].seq);
}

TEST_CASE("whole messages: not JSON, too large, another treadmill's name") {
    CHECK(check_message("c1", "treadguard/c1/tm1/records", "{").refused_whole);
    CHECK(check_message("c1", "treadguard/c1/tm1/status", "[1]").refused_whole);
    const auto other = check_message("c1", "treadguard/c1/tm1/status", R"({"treadmill":"tm2"})");
    REQUIRE(other.refused_whole);
    CHECK(other.refused_whole->reason.find("does not own") != std::string::npos);
    const auto big = check_message("c1", "treadguard/c1/tm1/records", std::string(300000, ' '));
    REQUIRE(big.refused_whole);
    CHECK(big.refused_whole->excerpt.size() <= 2048);
    CHECK(record_shape_problem("step", json::object()).find("missing field") != std::string::npos);
}
