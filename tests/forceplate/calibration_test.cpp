// Calibration maths: counts to newtons and CoP, tare, and known-weight calibration with
// one placement (a common gain) and several (per-cell gains).
#include "drivers/forceplate/plate_calibrator.hpp"
#include "plate_test_support.hpp"

#include <cmath>

using namespace tg;
using forceplate::kStandardGravity;

namespace {

// A plate whose cells have known true gains and zero offsets; counts for a point load.
struct TruePlate {
    std::array<double, 4> counts_per_n{220, 205, 212, 216};
    std::array<double, 4> zero_counts{10000, -5000, 300, 7000};
    sim::DeckCells cells{testing::demo_calibration()};

    forceplate::MeanCounts counts(double kg, double x, double y) const {
        sim::CellForces f{};
        f.fill(40 * kStandardGravity / 4); // the deck itself
        cells.add(kg * kStandardGravity, x, y, f);
        forceplate::MeanCounts c{};
        for (std::size_t i = 0; i < 4; ++i)
            c[i] = zero_counts[i] + counts_per_n[i] * f[i];
        return c;
    }
};

forceplate::RawCounts rounded(const forceplate::MeanCounts& m) {
    forceplate::RawCounts r{};
    for (std::size_t i = 0; i < 4; ++i)
        r[i] = static_cast<std::int32_t>(std::lround(m[i]));
    return r;
}

} // namespace

TEST_CASE("counts to newtons per cell, total force and centre of pressure") {
    auto cal = testing::demo_calibration();
    for (auto& c : cal.cells) {
        c.gain_n_per_count = 0.5;
        c.offset_n = -10;
    }
    // 100 N on the two right cells, 300 N on the left ones.
    const auto f = forceplate::plate_forces(cal, {320, 120, 320, 120});
    CHECK(f.cell_n[0] == doctest::Approx(150));
    CHECK(f.total_n == doctest::Approx(400));
    REQUIRE(f.cop_ml_m);
    CHECK(*f.cop_ml_m == doctest::Approx((-0.25 * 300 + 0.25 * 100) / 400));
    CHECK(*f.cop_ap_m == doctest::Approx(0.0));
    // Nobody on the deck: no CoP.
    const auto empty = forceplate::plate_forces(cal, {40, 40, 40, 40});
    CHECK(empty.total_n == doctest::Approx(40));
    CHECK_FALSE(empty.cop_ml_m);
}

TEST_CASE("tare: an empty deck reads zero newtons on every cell") {
    TruePlate plate;
    auto cal = testing::demo_calibration();
    const auto empty = plate.counts(0, 0, 0);
    forceplate::tare(cal, empty);
    const auto f = forceplate::plate_forces(cal, rounded(empty));
    for (double n : f.cell_n)
        CHECK(std::abs(n) < 0.01);
}

TEST_CASE("one known mass: a common gain makes the total right") {
    TruePlate plate;
    auto cal = testing::demo_calibration();
    const auto empty = plate.counts(0, 0, 0);
    REQUIRE_FALSE(forceplate::solve_common_gain(cal, empty, {plate.counts(80, 0, 0), 80}));
    const auto f = forceplate::plate_forces(cal, rounded(plate.counts(80, 0, 0)));
    CHECK(f.total_n == doctest::Approx(80 * kStandardGravity).epsilon(1e-4));
    // Elsewhere on the deck the cells' mismatch (here up to 7 %) still shows a little.
    const auto off = forceplate::plate_forces(cal, rounded(plate.counts(80, 0.2, 0.5)));
    CHECK(off.total_n == doctest::Approx(80 * kStandardGravity).epsilon(0.05));
    CHECK(off.total_n != doctest::Approx(80 * kStandardGravity).epsilon(1e-3));

    SUBCASE("refusals leave the calibration as it was") {
        const auto before = cal.cells[0].gain_n_per_count;
        CHECK(forceplate::solve_common_gain(cal, empty, {empty, 80}).has_value());
        CHECK(forceplate::solve_common_gain(cal, empty, {plate.counts(80, 0, 0), 0}).has_value());
        CHECK(cal.cells[0].gain_n_per_count == before);
    }
}

TEST_CASE("several placements: per-cell gains, right everywhere on the deck") {
    TruePlate plate;
    auto cal = testing::demo_calibration();
    const auto empty = plate.counts(0, 0, 0);
    const std::vector<forceplate::Placement> placements{
        {plate.counts(20, -0.2, 0.5), 20},  {plate.counts(20, 0.2, 0.5), 20},
        {plate.counts(20, -0.2, -0.5), 20}, {plate.counts(20, 0.2, -0.5), 20},
        {plate.counts(80, 0, 0), 80},
    };
    REQUIRE_FALSE(forceplate::solve_cell_gains(cal, empty, placements));
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(cal.cells[i].gain_n_per_count ==
              doctest::Approx(1 / plate.counts_per_n[i]).epsilon(1e-3));
    for (auto [x, y] : {std::pair{0.2, 0.5}, {-0.15, -0.3}, {0.0, 0.1}}) {
        const auto f = forceplate::plate_forces(cal, rounded(plate.counts(70, x, y)));
        CHECK(f.total_n == doctest::Approx(70 * kStandardGravity).epsilon(1e-3));
        REQUIRE(f.cop_ml_m);
        CHECK(*f.cop_ml_m == doctest::Approx(x).epsilon(0.01));
    }
}

TEST_CASE("per-cell gains are refused when the placements cannot separate the cells") {
    TruePlate plate;
    auto cal = testing::demo_calibration();
    const auto empty = plate.counts(0, 0, 0);
    const std::vector<forceplate::Placement> centred(4, {plate.counts(50, 0, 0), 50});
    const auto why = forceplate::solve_cell_gains(cal, empty, centred);
    REQUIRE(why.has_value());
    CHECK(why->find("near each cell") != std::string::npos);
    const std::vector<forceplate::Placement> three(3, {plate.counts(50, 0.1, 0.1), 50});
    CHECK(forceplate::solve_cell_gains(cal, empty, three)->find("at least 4") != std::string::npos);
    CHECK(cal.cells[0].gain_n_per_count == doctest::Approx(0.0046948));
}

TEST_CASE("the count averager: mean and range over a window") {
    forceplate::CountAverager avg;
    avg.add({10, 20, 30, 40});
    avg.add({12, 20, 30, 36});
    CHECK(avg.samples() == 2);
    CHECK(avg.mean()[0] == doctest::Approx(11));
    CHECK(avg.mean()[3] == doctest::Approx(38));
    CHECK(avg.largest_range() == doctest::Approx(4));
    avg.reset();
    CHECK(avg.samples() == 0);
}
