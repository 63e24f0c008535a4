#pragma once
// A C3D file as a vertical-force recording: the force platforms' Fz (summed, or one
// plate), or named analog channels, oriented so that a loaded plate reads positive.

#include "controller/c3d/c3d_file.hpp"
#include "controller/recording/force_recording.hpp"

namespace tg::recording {

// Throws RecordingError (file, byte offset, reason) for an unreadable file and for
// options that do not fit it.
ForceRecording load_c3d_recording(const std::filesystem::path& path, const LoadOptions& options);

// The same from a parsed file (used by tests and the benchmark).
ForceRecording c3d_to_recording(const c3d::C3dFile& file, const LoadOptions& options);

// Flips the sign when the force is mostly negative: plates store the action or the
// reaction force, and the analyser wants the foot's load positive.
void orient_vertical_force(std::vector<double>& force);

} // namespace tg::recording
