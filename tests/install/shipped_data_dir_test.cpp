// Where the programs find their shipped data: the environment, the installed layout beside
// the executable (a package unpacked anywhere), else the source tree.
#include "controller/install/shipped_data_dir.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>

using namespace tg;
namespace fs = std::filesystem;

namespace {

struct TempTree {
    fs::path root = testing::make_temp_dir("tg-datadir");
    ~TempTree() { fs::remove_all(root); }
    fs::path program(const fs::path& relative) {
        const auto p = root / relative;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << "#!/bin/sh\n";
        return p;
    }
};

} // namespace

TEST_CASE("an installed program finds the data installed beside it") {
    TempTree t;
    const auto exe = t.program("usr/bin/treadguard-controller");
    fs::create_directories(t.root / "usr/share/treadguard/profiles");
    CHECK(install::installed_data_dir_for(exe) == t.root / "usr/share/treadguard");
    CHECK(install::choose_shipped_data_dir(nullptr, exe, "/src") ==
          (t.root / "usr/share/treadguard").string());
}

TEST_CASE("a program in a build tree uses the source tree") {
    TempTree t;
    const auto exe = t.program("build/bin/treadguard-controller");
    CHECK(install::choose_shipped_data_dir(nullptr, exe, "/src") == "/src");
    // A share/treadguard folder without the profiles is not the installed data.
    fs::create_directories(t.root / "build/share/treadguard/hw");
    CHECK(install::choose_shipped_data_dir(nullptr, exe, "/src") == "/src");
    CHECK(install::choose_shipped_data_dir(nullptr, fs::path(), "/src") == "/src");
}

TEST_CASE("TREADGUARD_DATA_DIR wins when set, and an empty one is ignored") {
    TempTree t;
    const auto exe = t.program("usr/bin/treadguard");
    fs::create_directories(t.root / "usr/share/treadguard/profiles");
    CHECK(install::choose_shipped_data_dir("/elsewhere", exe, "/src") == "/elsewhere");
    CHECK(install::choose_shipped_data_dir("", exe, "/src") ==
          (t.root / "usr/share/treadguard").string());
}

TEST_CASE("this test binary, in the build tree, is given the source tree") {
    // ctest runs it from build/tests: no installed data beside it.
    const char* env = std::getenv("TREADGUARD_DATA_DIR");
    if (env != nullptr && *env != '\0') return;
    CHECK(fs::exists(fs::path(install::shipped_data_dir()) / "profiles/pain-free-limit.toml"));
    CHECK(fs::equivalent(install::shipped_data_dir(), testing::source_dir()));
}
