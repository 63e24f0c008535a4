#pragma once
// Test C3D content: a running signal on force platforms of each type, written by
// treadguard's writer in any processor format; and the corpus folder.

#include "controller/c3d/c3d_writer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tg::c3d::test {

// Vertical force of a synthetic run (N) at `rate_hz`, `seconds` long.
std::vector<double> running_force(double rate_hz, double seconds);

// One plate of `type` (2, 3 or 4) whose vertical force is `fz` (newtons). For type 4
// the channels hold volts and a full (non-diagonal) CAL_MATRIX turns them into force.
C3dContent plate_content(int type, const std::vector<double>& fz, Processor processor,
                         bool float_data);

std::filesystem::path corpus_dir();

} // namespace tg::c3d::test
