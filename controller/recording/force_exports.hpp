#pragma once
// Exports of a session's raw force recording for other tools:
// - C3D for gait labs: analog channels with units and a force platform description.
//   With the four load cells recorded: a TYPE-3 plate (Fx12 Fx34 Fy14 Fy23 zero, the
//   deck measures no shear; Fz1..Fz4 = the cells, ORIGIN = the cells' offsets a, b).
//   Without them: a TYPE-1 plate (Fx Fy 0, Fz, CoPx = the mediolateral CoP in mm,
//   CoPy 0, Tz 0). Lab and plate frames: x to the runner's right, y forward, z up.
// - Research CSV: time, the cells, their total and the CoP, with a header that states
//   units and calibration.

#include "controller/recording/raw_force_table.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace tg::recording {

// Deck size when the recording does not state it (metadata plate_length_m and
// plate_width_m): the cells sit at the corners of this rectangle.
inline constexpr double default_plate_length_m = 1.40;
inline constexpr double default_plate_width_m = 0.50;

// Throws RecordingError for a recording the C3D cannot hold.
std::vector<std::uint8_t> raw_force_to_c3d(const RawForceTable& table);

void write_research_csv(const RawForceTable& table, std::ostream& out);

} // namespace tg::recording
