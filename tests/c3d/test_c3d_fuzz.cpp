// Bounded random-mutation fuzzing of the C3D reader: every mutant of the corpus is
// either read or refused with a C3dError / RecordingError; nothing else may escape
// (no crash, no other exception, no allocation the file cannot back: run it under
// ASan to see those). Deterministic: a fixed seed, a fixed number of mutants.
#include "c3d_test_files.hpp"
#include "controller/c3d/c3d_error.hpp"
#include "controller/c3d/c3d_file.hpp"
#include "controller/c3d/force_platforms.hpp"
#include "controller/recording/c3d_recording.hpp"
#include "controller/recording/recording_error.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using namespace tg;

namespace {

constexpr int mutants_per_seed = 2500;

std::vector<std::vector<std::uint8_t>> seeds() {
    std::vector<std::vector<std::uint8_t>> out;
    for (const auto& entry : fs::directory_iterator(c3d::test::corpus_dir())) {
        if (entry.path().extension() != ".c3d") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
}

std::vector<std::uint8_t> mutate(std::vector<std::uint8_t> b, std::mt19937& rng) {
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    // Most structure is in the header and the parameter section: aim there mostly.
    auto offset = [&] {
        return pick(3) ? pick(std::min<std::size_t>(b.size(), 4096)) : pick(b.size());
    };
    switch (pick(5)) {
    case 0: // a few random bytes
        for (std::size_t k = 0, n = 1 + pick(8); k < n; ++k)
            b[offset()] = static_cast<std::uint8_t>(rng());
        break;
    case 1: { // an extreme 16-bit word
        static constexpr std::uint16_t extremes[] = {0, 1, 0x7fff, 0x8000, 0xffff, 0xfffe, 255};
        const std::size_t at = offset() & ~std::size_t{1};
        const std::uint16_t v = extremes[pick(std::size(extremes))];
        if (at + 1 < b.size()) {
            b[at] = static_cast<std::uint8_t>(v);
            b[at + 1] = static_cast<std::uint8_t>(v >> 8);
        }
        break;
    }
    case 2: // truncated
        b.resize(pick(b.size()));
        break;
    case 3: // a block number, a count or a dimension byte off by a little
        b[offset()] += static_cast<std::uint8_t>(1 + pick(3));
        break;
    default: { // a chunk copied over another place
        const std::size_t from = offset(), to = offset(), n = 1 + pick(64);
        for (std::size_t k = 0; k < n && from + k < b.size() && to + k < b.size(); ++k)
            b[to + k] = b[from + k];
    }
    }
    return b;
}

// Parses and analyses; returns true when read, false when refused properly.
bool read_all_the_way(const std::vector<std::uint8_t>& b) {
    try {
        const auto file = c3d::parse_c3d(b, "mutant.c3d");
        const auto plates = c3d::force_platforms(file);
        for (const auto& p : plates)
            (void)c3d::plate_vertical_force(file, p);
        (void)recording::c3d_to_recording(file, {});
        return true;
    } catch (const c3d::C3dError& e) {
        REQUIRE(std::string(e.what()).rfind("mutant.c3d: byte ", 0) == 0);
    } catch (const recording::RecordingError& e) {
        REQUIRE(std::string(e.what()).rfind("mutant.c3d", 0) == 0);
    }
    return false;
}

} // namespace

TEST_CASE("Mutants of the corpus are read or refused with a C3dError, never anything else") {
    const auto corpus = seeds();
    REQUIRE(corpus.size() >= 3);
    std::mt19937 rng(20261202);
    std::size_t read = 0, refused = 0;
    for (const auto& seed : corpus) {
        REQUIRE(read_all_the_way(seed));
        for (int i = 0; i < mutants_per_seed; ++i)
            (read_all_the_way(mutate(seed, rng)) ? read : refused)++;
    }
    MESSAGE(read << " mutants read, " << refused << " refused");
    CHECK(refused > 0);
    CHECK(read > 0);
}
