#pragma once
// FORCE_PLATFORM group of a C3D file: which analog channels feed each plate, its
// type, corners, origin and calibration matrix; and each plate's vertical force.
//
// Types read: 1 (Fx Fy Fz CoPx CoPy Tz), 2 (Fx Fy Fz Mx My Mz), 3 (Kistler: Fx12 Fx34
// Fy14 Fy23 Fz1 Fz2 Fz3 Fz4, optional 8x8 CAL_MATRIX) and 4 (type 2 channels through
// a 6x6 CAL_MATRIX). CAL_MATRIX(row, column) is element row + rows * column (the
// first dimension varies fastest): output row = sum over inputs of CAL(row, input).

#include "controller/c3d/c3d_file.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace tg::c3d {

struct ForcePlatform {
    std::size_t number = 0; // 1-based, as in the file
    int type = 0;
    std::vector<std::size_t> channels;              // 0-based analog channels, in the type's order
    std::array<std::array<double, 3>, 4> corners{}; // lab frame, corner 1..4
    std::array<double, 3> origin{};                 // plate centre to sensor origin, plate frame
    std::size_t cal_rows = 0, cal_cols = 0;
    std::vector<double> cal_matrix; // empty when the type uses none

    double cal(std::size_t row, std::size_t column) const {
        return cal_matrix[row + cal_rows * column];
    }
};

// Throws C3dError when the group is inconsistent (channels outside the analog
// channels, a missing CAL_MATRIX for type 4, an unsupported type).
std::vector<ForcePlatform> force_platforms(const C3dFile& file);

// The plate's Fz in newtons, one value per analog sample, with the sign the file
// stores (plates differ: action or reaction force).
std::vector<double> plate_vertical_force(const C3dFile& file, const ForcePlatform& plate);

// Channel count each supported type needs; 0 for an unsupported type.
std::size_t channels_for_type(int type);

} // namespace tg::c3d
