#include "controller/protocol/profile_loader.hpp"
#include "tests/protocol/protocol_fixture.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

using namespace tg::protocol;
using tg::protocol::testing::profiles_dir;

namespace {

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// 1-based line of the first occurrence of `needle`.
int line_of(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    int line = 1;
    for (std::size_t i = 0; i < at; ++i)
        if (text[i] == '\n') ++line;
    return line;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return text.replace(at, from.size(), to);
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("tg_protocol_profiles_" + std::to_string(std::rand()) + "_" +
                std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return path / name;
    }
};

void expect_refused(const std::string& text, int line, const std::string& reason_part) {
    TempDir dir;
    const auto file = dir.write("broken.toml", text);
    try {
        load_profile(file);
        FAIL("profile was accepted, expected: " << reason_part);
    } catch (const ProfileError& error) {
        CHECK(error.file() == file.string());
        CHECK(error.line() == line);
        CHECK_MESSAGE(error.reason().find(reason_part) != std::string::npos, error.what());
        CHECK(std::string(error.what()).find(file.string() + ":" + std::to_string(line)) == 0);
    }
}

} // namespace

TEST_CASE("the shipped profiles load and hold their clinical defaults") {
    const Profile pain_free = load_named_profile(profiles_dir(), "pain-free-limit");
    CHECK(pain_free.kind == ProfileKind::pain_free_limit);
    CHECK(pain_free.pain.threshold == 2.0);
    CHECK(pain_free.pain.max_threshold == 5.0);
    CHECK(pain_free.progression.symptom_free_sessions_to_progress == 2);
    CHECK(pain_free.progression.max_volume_growth_2wk == doctest::Approx(0.30));
    CHECK(pain_free.loading_rate.advisory_bw_per_s == 66.0);
    CHECK(pain_free.rest.min_rest_days_between_runs >= 1);
    REQUIRE(pain_free.limit.has_value());
    CHECK(pain_free.frequency.size() == 3);
    CHECK(pain_free.consecutive_days.has_value());

    const Profile walk_run = load_named_profile(profiles_dir(), "walk-run");
    REQUIRE(walk_run.walk_run.has_value());
    REQUIRE(walk_run.walk_run->phases.size() == 6);
    CHECK(walk_run.walk_run->phases.front().walk_s == 120);
    CHECK(walk_run.walk_run->phases.front().run_s == 180);
    CHECK(walk_run.walk_run->phases.back().run_s == 0);
    CHECK_FALSE(walk_run.limit.has_value());

    const Profile cadence = load_named_profile(profiles_dir(), "cadence-retraining");
    REQUIRE(cadence.cadence.has_value());
    CHECK(cadence.cadence->target_increase == doctest::Approx(0.075));
    CHECK(cadence.cadence->min_increase == doctest::Approx(0.05));
    CHECK(cadence.cadence->max_increase == doctest::Approx(0.10));
}

TEST_CASE("broken profiles are refused with file, line and reason") {
    const std::string good = read_text(profiles_dir() / "pain-free-limit.toml");
    REQUIRE_NOTHROW(parse_profile(good, "good.toml"));

    SUBCASE("syntax error") {
        const std::string text = replaced(good, "threshold = 2.0", "threshold = = 2.0");
        expect_refused(text, line_of(text, "threshold = = 2.0"), "");
    }
    SUBCASE("unknown key (a typo)") {
        const std::string text = replaced(good, "cap_growth = 0.20", "cap_grwoth = 0.20");
        expect_refused(text, line_of(text, "cap_grwoth"), "cap_growth' is missing");
    }
    SUBCASE("unknown key beside the known ones") {
        const std::string text =
            replaced(good, "speed_step_kmh = 0.5", "speed_step_kmh = 0.5\nturbo = true");
        expect_refused(text, line_of(text, "turbo"), "unknown key 'limit.turbo'");
    }
    SUBCASE("unknown section") {
        const std::string text = good + "\n[extras]\nx = 1\n";
        expect_refused(text, line_of(text, "[extras]"), "unknown key 'extras'");
    }
    SUBCASE("pain threshold above the hard bound of 5/10") {
        const std::string text = replaced(good, "max_threshold = 5.0", "max_threshold = 6.0");
        expect_refused(text, line_of(text, "max_threshold = 6.0"),
                       "pain.max_threshold' must be between 0 and 5");
    }
    SUBCASE("threshold above the profile's own maximum") {
        std::string text = replaced(good, "max_threshold = 5.0", "max_threshold = 3.0");
        text = replaced(text, "threshold = 2.0", "threshold = 4.0");
        expect_refused(text, line_of(text, "threshold = 4.0"),
                       "pain.threshold' must be between 0 and 3");
    }
    SUBCASE("volume growth above 30% over two weeks") {
        const std::string text =
            replaced(good, "max_volume_growth_2wk = 0.30", "max_volume_growth_2wk = 0.5");
        expect_refused(text, line_of(text, "max_volume_growth_2wk"), "between 0 and 0.3");
    }
    SUBCASE("wrong type") {
        const std::string text =
            replaced(good, "first_run_cap_s = 600", "first_run_cap_s = \"ten minutes\"");
        expect_refused(text, line_of(text, "first_run_cap_s"), "must be a whole number");
    }
    SUBCASE("missing key") {
        const std::string text = replaced(good, "min_rest_days_between_runs = 1", "");
        expect_refused(text, line_of(text, "[rest]"),
                       "rest.min_rest_days_between_runs' is missing");
    }
    SUBCASE("unknown kind") {
        const std::string text = replaced(good, "kind = \"pain-free-limit\"", "kind = \"sprint\"");
        expect_refused(text, line_of(text, "kind = \"sprint\""), "must be \"pain-free-limit\"");
    }
    SUBCASE("frequency steps that shrink") {
        const std::string text = replaced(good, "runs_per_week = 4", "runs_per_week = 1");
        expect_refused(text, line_of(text, "runs_per_week = 1"), "must not shrink");
    }
    SUBCASE("a section that does not belong to the kind") {
        const std::string text = good + "\n[walk_run]\nwalk_speed_kmh = 5.0\n";
        expect_refused(text, line_of(text, "[walk_run]"),
                       "does not belong in a pain-free-limit profile");
    }
    SUBCASE("cadence target outside its own range") {
        const std::string text =
            replaced(good, "target_increase = 0.075", "target_increase = 0.12");
        expect_refused(text, line_of(text, "target_increase = 0.12"), "between 0.05 and 0.1");
    }
}

TEST_CASE("broken walk-run phases are refused") {
    const std::string good = read_text(profiles_dir() / "walk-run.toml");
    REQUIRE_NOTHROW(parse_profile(good, "walk-run.toml"));
    SUBCASE("walk without run") {
        const std::string text =
            replaced(good, "walk_s = 60\nrun_s = 240", "walk_s = 60\nrun_s = 0");
        expect_refused(text, line_of(text, "run_s = 0"), "walk_s must be 0 too");
    }
    SUBCASE("a walk-run profile without phases") {
        std::string text = good.substr(0, good.find("[[walk_run.phase]]"));
        text = replaced(text, "runs_per_week = 3", "runs_per_week = 3\nphase = []");
        expect_refused(text, line_of(text, "phase = []"), "must be an array of tables");
    }
    SUBCASE("a walk-run profile with a limit section") {
        const std::string text = good + "\n[limit]\nfirst_run_cap_s = 600\n";
        expect_refused(text, line_of(text, "[limit]"), "does not belong in a walk-run profile");
    }
}

TEST_CASE("a missing file and a misnamed profile are refused") {
    CHECK_THROWS_AS(load_profile("/nonexistent/dir/x.toml"), ProfileError);
    TempDir dir;
    const std::string text = read_text(profiles_dir() / "walk-run.toml");
    dir.write("other.toml", text);
    try {
        load_named_profile(dir.path, "other");
        FAIL("accepted a profile whose name differs from its file");
    } catch (const ProfileError& error) {
        CHECK(std::string(error.reason()).find("other.toml") != std::string::npos);
    }
}

TEST_CASE("a profile is chosen by name only, never by a path outside the profiles directory") {
    TempDir dir;
    const std::string text = read_text(profiles_dir() / "walk-run.toml");
    dir.write("walk-run.toml", text);
    for (const std::string& name :
         {std::string("/tmp/walk-run"), std::string("../walk-run"), dir.path.string() + "/walk-run",
          std::string("Walk Run"), std::string("")}) {
        INFO(name);
        CHECK_THROWS_AS(load_named_profile(profiles_dir(), name), ProfileError);
    }
    CHECK_NOTHROW(load_named_profile(dir.path, "walk-run"));
}
