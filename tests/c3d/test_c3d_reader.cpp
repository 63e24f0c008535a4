// The C3D reader: the Fukuchi 2017 trial against its authors' text export, every
// processor format and data type through treadguard's writer, force platform types
// 2, 3 and 4, and hostile files refused with file, byte offset and reason.
#include "c3d_test_files.hpp"
#include "controller/c3d/c3d_error.hpp"
#include "controller/c3d/c3d_file.hpp"
#include "controller/c3d/c3d_writer.hpp"
#include "controller/c3d/force_platforms.hpp"
#include "controller/gait/gait_summary.hpp"
#include "controller/recording/c3d_recording.hpp"
#include "controller/recording/force_recording.hpp"
#include "controller/recording/recording_analysis.hpp"
#include "controller/recording/recording_error.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace tg;
using c3d::Processor;

namespace {

std::optional<fs::path> shared_data() {
    const char* shared = std::getenv("TG_SHARED_DIR");
    if (!shared) return std::nullopt;
    const fs::path dir = fs::path(shared) / "data";
    if (!fs::is_directory(dir / "c3d")) return std::nullopt;
    return dir;
}

gait::GaitSummary summary_of(const recording::ForceRecording& rec) {
    gait::GaitConfig config;
    config.filter_cutoff_hz = recording::default_filter_cutoff_hz(rec.sample_rate_hz);
    const auto analysis = recording::analyze_recording(rec, config);
    return gait::summarize(analysis.steps);
}

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v);
    b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}

// Offset of a parameter record's name in an Intel file, for targeted corruption.
std::size_t name_at(const std::vector<std::uint8_t>& b, const std::string& name) {
    const auto it = std::search(b.begin(), b.end(), name.begin(), name.end());
    REQUIRE(it != b.end());
    return static_cast<std::size_t>(it - b.begin());
}

std::string refusal(const std::vector<std::uint8_t>& b) {
    try {
        c3d::parse_c3d(b, "hostile.c3d");
    } catch (const c3d::C3dError& e) {
        return e.what();
    }
    return "accepted";
}

c3d::C3dContent small_content() {
    return c3d::test::plate_content(2, c3d::test::running_force(1000.0, 1.0), Processor::intel,
                                    true);
}

} // namespace

TEST_CASE("RBDS001 at 3.5 m/s: the original C3D and the authors' text export agree") {
    const auto data = shared_data();
    if (!data) {
        MESSAGE("SKIPPED: set TG_SHARED_DIR to the folder holding data/c3d");
        return;
    }
    constexpr double mass_kg = 62.0; // RBDSinfo.txt, subject 1
    recording::LoadOptions c3d_options;
    c3d_options.body_mass_kg = mass_kg;
    const auto from_c3d =
        recording::load_force_recording(*data / "c3d" / "RBDS001runT35.c3d", c3d_options);
    CHECK(from_c3d.format == "c3d");
    CHECK(from_c3d.sample_rate_hz == doctest::Approx(300.0));
    CHECK(from_c3d.size() == 9000);

    recording::LoadOptions text_options;
    text_options.sample_rate_hz = 300.0;
    text_options.force_columns = {"Fy"};
    text_options.time_is_frame = true;
    text_options.body_mass_kg = mass_kg;
    const auto from_text = recording::load_force_recording(
        *data / "grf" / "fukuchi2017_RBDS" / "RBDS001runT35forces.txt", text_options);

    const auto a = summary_of(from_c3d);
    const auto b = summary_of(from_text);
    MESSAGE("C3D: " << a.steps << " steps, " << a.cadence_spm << " spm, peak " << a.peak_force_bw
                    << " BW; text: " << b.steps << " steps, " << b.cadence_spm << " spm, peak "
                    << b.peak_force_bw << " BW");
    CHECK(a.steps > 80);
    CHECK(a.steps == b.steps);
    CHECK(a.cadence_spm == doctest::Approx(b.cadence_spm).epsilon(0.005));
    CHECK(std::abs(a.peak_force_bw - b.peak_force_bw) < 0.02);

    // The plate is TYPE 4: its CAL_MATRIX, not ANALOG:SCALE alone, gives newtons.
    const auto file = c3d::read_c3d_file(*data / "c3d" / "RBDS001runT35.c3d");
    CHECK(file.processor == Processor::intel);
    CHECK(file.float_data);
    CHECK(file.point_count == 32);
    CHECK(file.frame_count == 4500);
    const auto plates = c3d::force_platforms(file);
    REQUIRE(plates.size() == 1);
    CHECK(plates[0].type == 4);
    CHECK(plates[0].cal_rows == 6);
}

TEST_CASE("Every processor format and data type reads back what was written") {
    const auto fz = c3d::test::running_force(1000.0, 4.0);
    for (Processor proc : {Processor::intel, Processor::dec, Processor::mips}) {
        for (bool float_data : {true, false}) {
            CAPTURE(c3d::processor_name(proc));
            CAPTURE(float_data);
            const auto content = c3d::test::plate_content(2, fz, proc, float_data);
            const auto bytes = c3d::encode_c3d(content, "mem.c3d");
            const auto file = c3d::parse_c3d(bytes, "mem.c3d");
            CHECK(file.processor == proc);
            CHECK(file.float_data == float_data);
            CHECK(file.frame_count == fz.size());
            CHECK(file.analog_rate_hz == doctest::Approx(1000.0));
            REQUIRE(file.analog_channel_count() == 6);
            CHECK(file.analog_labels[2] == "Fz1");
            CHECK(file.analog_units[3] == "Nmm");
            double worst = 0.0, peak = 0.0;
            for (std::size_t c = 0; c < 6; ++c) {
                const auto values = file.channel(c);
                for (std::size_t i = 0; i < fz.size(); ++i) {
                    const double want = content.channels[c].values[i];
                    worst = std::max(worst, std::abs(values[i] - want) / (1.0 + std::abs(want)));
                    peak = std::max(peak, std::abs(want));
                }
            }
            // Floats: float rounding; integers: half a step of 1/32000 of the peak.
            CHECK(worst < (float_data ? 1e-6 : 0.5 / 32000.0 * peak));
            const auto rec = recording::c3d_to_recording(file, {});
            const auto s = summary_of(rec);
            CHECK(s.steps >= 9);
            CHECK(s.cadence_spm == doctest::Approx(60.0 / 0.36).epsilon(0.01));
        }
    }
}

TEST_CASE("Force platform types 2, 3 and 4 (with CAL_MATRIX) give the same vertical force") {
    const auto fz = c3d::test::running_force(1000.0, 2.0);
    for (int type : {2, 3, 4}) {
        CAPTURE(type);
        const auto content = c3d::test::plate_content(type, fz, Processor::intel, true);
        const auto file = c3d::parse_c3d(c3d::encode_c3d(content, "mem.c3d"), "mem.c3d");
        const auto plates = c3d::force_platforms(file);
        REQUIRE(plates.size() == 1);
        CHECK(plates[0].type == type);
        CHECK(plates[0].corners[0][1] == doctest::Approx(450.0));
        const auto vertical = c3d::plate_vertical_force(file, plates[0]);
        double worst = 0.0;
        for (std::size_t i = 0; i < fz.size(); ++i)
            worst = std::max(worst, std::abs(vertical[i] - fz[i]));
        CHECK(worst < 0.01);
    }
}

TEST_CASE("Two belts: summed by default, one plate with --plate; reaction sign is flipped") {
    const auto fz = c3d::test::running_force(1000.0, 3.0);
    auto content = c3d::test::plate_content(2, fz, Processor::intel, true);
    // Second belt: the same channels again, stored as reaction force (negative) at half.
    auto second = content.channels;
    for (auto& ch : second) {
        ch.label += "b";
        for (double& v : ch.values)
            v *= -0.5;
    }
    content.channels.insert(content.channels.end(), second.begin(), second.end());
    auto plate2 = content.plates[0];
    plate2.channels = {7, 8, 9, 10, 11, 12};
    content.plates.push_back(plate2);
    const auto file = c3d::parse_c3d(c3d::encode_c3d(content, "belts.c3d"), "belts.c3d");

    const auto summed = recording::c3d_to_recording(file, {});
    recording::LoadOptions one;
    one.plate = 2;
    const auto belt2 = recording::c3d_to_recording(file, one);
    std::size_t peak_i = 0;
    for (std::size_t i = 0; i < fz.size(); ++i)
        if (fz[i] > fz[peak_i]) peak_i = i;
    CHECK(summed.vertical_force_n[peak_i] == doctest::Approx(1.5 * fz[peak_i]).epsilon(1e-5));
    CHECK(belt2.vertical_force_n[peak_i] == doctest::Approx(0.5 * fz[peak_i]).epsilon(1e-5));
    one.plate = 3;
    CHECK_THROWS_WITH_AS(recording::c3d_to_recording(file, one),
                         doctest::Contains("--plate 3 is outside 1-2"), recording::RecordingError);
    recording::LoadOptions by_label;
    by_label.force_columns = {"Fz1"};
    CHECK(recording::c3d_to_recording(file, by_label).vertical_force_n[peak_i] ==
          doctest::Approx(fz[peak_i]).epsilon(1e-5));
}

TEST_CASE("Hostile files are refused with the file, the byte offset and the reason") {
    const auto good = c3d::encode_c3d(small_content(), "small.c3d");
    REQUIRE(refusal(good) == "accepted");

    SUBCASE("shorter than a header") {
        const std::vector<std::uint8_t> b(good.begin(), good.begin() + 100);
        CHECK(refusal(b) == "hostile.c3d: byte 100: shorter than a C3D header (100 of 512 bytes)");
    }
    SUBCASE("not a C3D file") {
        auto b = good;
        b[1] = 'x';
        CHECK(refusal(b).find("byte 1: not a C3D file") != std::string::npos);
    }
    SUBCASE("parameter section pointing outside the file") {
        auto b = good;
        b[0] = 250;
        CHECK(refusal(b).find("hostile.c3d: byte 127488: the parameter section starts past the "
                              "end of the file") != std::string::npos);
    }
    SUBCASE("a parameter link pointing outside the file") {
        auto b = good;
        const std::size_t at = name_at(b, "USED") + 4; // the link after POINT:USED's name
        put16(b, at, 0xfff0);
        const std::string why = refusal(b);
        CHECK(why.find("byte " + std::to_string(at) + ": next parameter record at byte") !=
              std::string::npos);
        CHECK(why.find("outside the file") != std::string::npos);
    }
    SUBCASE("an absurd frame count (header) larger than the data") {
        auto b = good;
        put16(b, 8, 65535);
        const std::string why = refusal(b);
        CHECK(why.find("the file ends inside frame") != std::string::npos);
        CHECK(why.find("of 65535") != std::string::npos);
    }
    SUBCASE("an absurd frame count (TRIAL:ACTUAL_END_FIELD) is refused before allocating") {
        auto b = good;
        const std::size_t at = name_at(b, "ACTUAL_END_FIELD") + 16 + 2 + 3; // link, type, dims
        put16(b, at + 2, 0x7fff); // high word: 2^31 frames
        CHECK(refusal(b).find("the file ends inside frame") != std::string::npos);
    }
    SUBCASE("wrong block counts: data inside the parameter section") {
        auto b = good;
        put16(b, 16, 1);
        CHECK(refusal(b).find("byte 16: data at block 1") != std::string::npos);
    }
    SUBCASE("unknown processor") {
        auto b = good;
        b[512 + 3] = 99;
        CHECK(refusal(b).find("byte 515: unknown processor type 99") != std::string::npos);
    }
    SUBCASE("ANALOG:USED disagrees with the header") {
        auto b = good;
        put16(b, 4, 7);
        CHECK(refusal(b).find("byte 4: the header holds 7 analog values per frame") !=
              std::string::npos);
    }
    SUBCASE("a parameter whose data runs past the end of the file") {
        auto content = small_content();
        auto b = c3d::encode_c3d(content, "x");
        b.resize(512 + 200); // cut inside the parameter section
        CHECK(refusal(b).find("runs past the end of the file") != std::string::npos);
    }
    SUBCASE("a force platform reading a channel that is not there") {
        auto content = small_content();
        content.plates[0].channels = {1, 2, 3, 4, 5, 6};
        auto b = c3d::encode_c3d(content, "x");
        const std::size_t at = name_at(b, "CHANNEL") + 7 + 2 + 1 + 1 + 2; // link, type, dims
        put16(b, at + 2 * 2, 40);                                         // Fz from channel 40
        const auto file = c3d::parse_c3d(b, "plates.c3d");
        CHECK_THROWS_WITH_AS(c3d::force_platforms(file), doctest::Contains("plates.c3d: byte"),
                             c3d::C3dError);
        CHECK_THROWS_WITH_AS(c3d::force_platforms(file),
                             doctest::Contains("reads analog channel 40 of 6"), c3d::C3dError);
    }
}

TEST_CASE("The corpus files read, and analyse through the recording loader") {
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(c3d::test::corpus_dir())) {
        if (entry.path().extension() != ".c3d") continue;
        CAPTURE(entry.path().string());
        const auto file = c3d::read_c3d_file(entry.path());
        CHECK(file.frame_count > 0);
        CHECK(file.analog_channel_count() > 0);
        ++files;
    }
    CHECK(files >= 3);
}
