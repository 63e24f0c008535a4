// Strict loaders of the force-plate data files: the shipped files load with the values
// the issue gives, and a bad file is refused with file, line and reason.
#include "plate_test_support.hpp"

#include <algorithm>
#include <fstream>
#include <regex>

using namespace tg;

namespace {

std::string text_of(const std::string& relative) {
    std::ifstream in(testing::source_dir() + "/" + relative);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string write_temp(const std::string& text, const std::string& name) {
    const std::string path = testing::make_temp_dir("tg-plate") + "/" + name;
    std::ofstream(path) << text;
    return path;
}

int line_of(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

devicemap::DataFileError map_refused(const std::string& text) {
    const auto path = write_temp(text, "plate.toml");
    auto r = devicemap::load_force_plate_map(path);
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
    auto e = std::get<devicemap::DataFileError>(r);
    CHECK(e.file == path);
    return e;
}

devicemap::DataFileError calibration_refused(const std::string& text) {
    const auto path = write_temp(text, "calibration.toml");
    auto r = forceplate::load_plate_calibration(path);
    REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
    auto e = std::get<devicemap::DataFileError>(r);
    CHECK(e.file == path);
    return e;
}

std::string replaced(const std::string& text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return std::string(text).replace(at, from.size(), to);
}

} // namespace

TEST_CASE("the DGT4X map: 20 registers from 40202, sign in the status, 40001 commands") {
    const auto m = testing::plate_map("dini-argeo-dgt4x");
    CHECK(m.protocol == devicemap::PlateProtocol::WeightRegisters);
    CHECK(m.weights.first_register == 201);
    CHECK(m.weights.block_registers() == 20);
    CHECK(m.weights.cell_stride == 3); // 4 x (status, gross int32) ...
    CHECK(m.weights.net_at(0) == 12);  // ... then 4 x net int32 from 40214
    CHECK(m.weights.gross_at(3) == 10);
    CHECK(m.weights.gross_negative.matches(0x0003)); // b0
    CHECK_FALSE(m.weights.gross_negative.matches(0x0002));
    CHECK(m.weights.net_negative.matches(0x0020)); // b5
    CHECK(m.weights.no_command == 0);
    CHECK(m.weights.command_register == 0);
    CHECK(m.weights.zero_command == 1);
    CHECK(m.weights.tare_command == 2);
    CHECK(m.weights.division_kg == doctest::Approx(0.1));
    CHECK_FALSE(m.verify.empty()); // unverified facts are said out loud
}

TEST_CASE("the FIFO map: 20 samples of 4 cells per 125-register read, 1 kHz") {
    const auto m = testing::plate_map("loadcell-fifo-4ch");
    CHECK(m.protocol == devicemap::PlateProtocol::SampleFifo);
    CHECK(m.fifo.samples_per_read(m.max_read_registers) == 20);
    CHECK(m.fifo.sample_rate_hz == 1000);
    CHECK(m.fifo.identity_value == 0x5447);
    CHECK(m.simulation.counts_per_newton[1] == doctest::Approx(210.5));
}

TEST_CASE("a bad force-plate map is refused with file, line and reason") {
    const std::string fifo = text_of("hw/devices/loadcell-fifo-4ch.toml");
    const std::string dgt = text_of("hw/devices/dini-argeo-dgt4x.toml");
    SUBCASE("a misspelt key") {
        const auto text = replaced(fifo, "fifo_depth = 2048", "fifo_deep = 2048");
        const auto e = map_refused(text);
        CHECK(e.line == line_of(text, "fifo_deep"));
        CHECK(e.reason.find("fifo_deep") != std::string::npos);
    }
    SUBCASE("an unknown protocol") {
        const auto text = replaced(fifo, "protocol = \"sample-fifo\"", "protocol = \"magic\"");
        CHECK(map_refused(text).reason.find("protocol") != std::string::npos);
    }
    SUBCASE("a drive map is not a plate map") {
        const auto e = map_refused(text_of("hw/devices/delta-ms300.toml"));
        CHECK(e.reason.find("force-plate") != std::string::npos);
    }
    SUBCASE("per-cell simulation values need one number per cell") {
        const auto text = replaced(fifo, "counts_per_newton = [215.0, 210.5, 213.8, 211.2]",
                                   "counts_per_newton = [215.0, 210.5]");
        const auto e = map_refused(text);
        CHECK(e.line == line_of(text, "counts_per_newton = [215.0, 210.5]"));
        CHECK(e.reason.find("4 numbers") != std::string::npos);
    }
    SUBCASE("a read too short for one sample") {
        const auto text = replaced(fifo, "max_read_registers = 125", "max_read_registers = 8");
        CHECK(map_refused(text).reason.find("no room") != std::string::npos);
    }
    SUBCASE("weight registers overlapping the status word") {
        const auto text = replaced(dgt, "gross_offset = 1", "gross_offset = 0");
        CHECK(map_refused(text).reason.find("overlapping fields") != std::string::npos);
    }
    SUBCASE("net weights overlapping the cells' block") {
        const auto text = replaced(dgt, "net_offset = 12 ", "net_offset = 10 ");
        CHECK(map_refused(text).reason.find("overlapping fields") != std::string::npos);
    }
    SUBCASE("a layout that runs past its block") {
        const auto text = replaced(dgt, "block_registers = 20", "block_registers = 18");
        CHECK(map_refused(text).reason.find("outside the block") != std::string::npos);
    }
    SUBCASE("a sign pattern with bits outside its mask") {
        const auto text = replaced(dgt, "gross_negative = { mask = 0x0001, value = 0x0001 }",
                                   "gross_negative = { mask = 0x0001, value = 0x0003 }");
        const auto e = map_refused(text);
        CHECK(e.line == line_of(text, "gross_negative = {"));
        CHECK(e.reason.find("outside mask") != std::string::npos);
    }
    SUBCASE("a bit mask wider than its register") {
        const auto text =
            replaced(dgt, "net_negative = { mask = 0x0020,", "net_negative = { mask = 0x10020,");
        const auto e = map_refused(text);
        CHECK(e.line == line_of(text, "net_negative = {"));
        CHECK(e.reason.find("wider than its 16-bit register") != std::string::npos);
    }
    SUBCASE("a [weights] table in a FIFO map") {
        const auto text = fifo + "\n[weights]\nfirst_register = 1\n";
        const auto e = map_refused(text);
        CHECK(e.line == line_of(text, "[weights]"));
    }
    SUBCASE("a missing file") {
        auto r = devicemap::load_force_plate_map("/nonexistent/plate.toml");
        REQUIRE(std::holds_alternative<devicemap::DataFileError>(r));
        CHECK(std::get<devicemap::DataFileError>(r).line == 0);
    }
}

TEST_CASE("the demo calibration: four cells on a rectangle, nominal gains") {
    const auto c = testing::demo_calibration();
    CHECK(c.map == "loadcell-fifo-4ch");
    CHECK(c.cells[1].name == "front-right");
    CHECK(c.cells[1].x_m == doctest::Approx(0.25));
    CHECK(c.cells[3].y_m == doctest::Approx(-0.60));
    CHECK(c.cells[0].gain_n_per_count == doctest::Approx(1 / 213.0).epsilon(0.001));
}

TEST_CASE("a bad calibration file is refused with file, line and reason") {
    const std::string good = text_of("hw/calibration/demo-plate.toml");
    SUBCASE("three cells") {
        const auto cut = good.substr(0, good.rfind("[[cell]]"));
        CHECK(calibration_refused(cut).reason.find("exactly 4") != std::string::npos);
    }
    SUBCASE("a gain of zero") {
        auto text = good;
        text.replace(text.find("gain_n_per_count = 0.0046948"), 28, "gain_n_per_count = 0");
        const auto e = calibration_refused(text);
        CHECK(e.line == line_of(text, "gain_n_per_count = 0\n"));
        CHECK(e.reason.find("gain_n_per_count") != std::string::npos);
    }
    SUBCASE("a misspelt key in a cell") {
        auto text = good;
        text.replace(text.rfind("offset_n"), 8, "ofset_n");
        const auto e = calibration_refused(text);
        CHECK(e.line == line_of(text, "ofset_n"));
        CHECK(e.reason.find("ofset_n") != std::string::npos);
    }
    SUBCASE("cells in a line cannot tell left from right") {
        const auto text = std::regex_replace(good, std::regex("x_m = -?0.25"), "x_m = 0.0");
        CHECK(calibration_refused(text).reason.find("mediolaterally") != std::string::npos);
    }
    SUBCASE("a syntax error") {
        const auto text = good + "\n[plate\n";
        const auto e = calibration_refused(text);
        CHECK(e.line == line_of(text, "[plate\n"));
    }
}

TEST_CASE("a saved calibration loads back the same") {
    auto c = testing::demo_calibration();
    c.calibrated = "known weight 80 kg, \"2024-05-01\"";
    c.cells[2].gain_n_per_count = 0.00471234567;
    c.cells[2].offset_n = -56.789;
    const std::string path = testing::make_temp_dir("tg-plate") + "/saved.toml";
    REQUIRE_FALSE(forceplate::save_plate_calibration(path, c).has_value());
    auto r = forceplate::load_plate_calibration(path);
    if (auto* e = std::get_if<devicemap::DataFileError>(&r)) FAIL(e->message());
    const auto& back = std::get<forceplate::PlateCalibration>(r);
    CHECK(back.calibrated == c.calibrated);
    CHECK(back.cells[2].gain_n_per_count == doctest::Approx(0.00471234567).epsilon(1e-9));
    CHECK(back.cells[2].offset_n == doctest::Approx(-56.789));
    CHECK(back.cells[0].name == "front-left");
    CHECK(forceplate::save_plate_calibration("/nonexistent/dir/x.toml", c).has_value());
}
