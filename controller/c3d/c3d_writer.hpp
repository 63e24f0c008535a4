#pragma once
// Writes analog channels and their force platform description as a C3D file with no
// 3D points: one analog sample per frame (frame rate = analog rate), so any sample
// count fits without padding. Frame counts above 65535 go in TRIAL:ACTUAL_START_FIELD
// and ACTUAL_END_FIELD as well as POINT:FRAMES (float), as motion-capture systems do.

#include "controller/c3d/force_platforms.hpp"
#include "controller/c3d/processor_format.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tg::c3d {

struct AnalogChannelData {
    std::string label; // unique, at most 16 characters kept short by convention
    std::string unit;  // e.g. "N"
    std::string description;
    std::vector<double> values;
};

struct PlateDescription {
    int type = 2;
    std::vector<std::size_t> channels; // 1-based analog channel numbers, in the type's order
    std::array<std::array<double, 3>, 4> corners{};
    std::array<double, 3> origin{};
    // rows x channels, element row + rows * column; written as CAL_MATRIX when any plate
    // has one (all plates' matrices must then be of one shape).
    std::size_t cal_rows = 0;
    std::vector<double> cal_matrix;
};

struct C3dContent {
    Processor processor = Processor::intel;
    bool float_data = true; // else 16-bit integers with a per-channel ANALOG:SCALE
    double analog_rate_hz = 1000.0;
    std::vector<AnalogChannelData> channels; // all the same length
    std::vector<PlateDescription> plates;
    // Written as character parameters of a TREADGUARD group (names upper-cased).
    std::map<std::string, std::string> metadata;
};

// Throws C3dError (offset 0) for content that cannot be written: channels of different
// lengths, a plate reading a channel that is not there, a name too long for C3D.
std::vector<std::uint8_t> encode_c3d(const C3dContent& content, const std::string& target);

} // namespace tg::c3d
