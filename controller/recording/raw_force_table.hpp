#pragma once
// A treadguard force recording read whole, with every column it has: time, vertical
// force, mediolateral CoP and, when the plate front end recorded them, the four load
// cells (optional columns cell1_n..cell4_n of recording v1, in the calibration's cell
// order). The exports (C3D, research CSV) start from this.

#include "controller/recording/recording_format.hpp"

#include <array>
#include <istream>
#include <string>
#include <vector>

namespace tg::recording {

inline constexpr std::size_t recorded_cells = 4;

struct RawForceTable {
    std::string source;
    RecordingMetadata metadata;
    std::vector<double> time_s;
    std::vector<double> fz_n;
    std::vector<double> cop_ml_m; // NaN where nobody was on the plate; empty without CoP
    std::array<std::vector<double>, recorded_cells> cells_n; // empty without cell columns

    bool has_cells() const { return !cells_n[0].empty(); }
    std::size_t size() const { return time_s.size(); }
};

// Reads a treadguard recording (signature line first). Throws RecordingError.
RawForceTable read_raw_force(std::istream& in, const std::string& source);

} // namespace tg::recording
