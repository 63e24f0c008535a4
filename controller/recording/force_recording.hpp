#pragma once

#include "controller/gait/gait_sample.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tg::recording {

inline constexpr double standard_gravity_m_s2 = 9.80665;

// A vertical-force recording ready for the gait analyser, whatever file it came from.
struct ForceRecording {
    std::string source;
    std::string format; // "treadguard", "opensim", "columns", "rows", "c3d"
    double sample_rate_hz = 0.0;
    std::vector<double> time_s;
    std::vector<double> vertical_force_n;
    std::vector<double> cop_ml_m; // empty when there is none; NaN where unknown
    std::optional<double> body_mass_kg;
    std::vector<std::string> force_columns;
    std::string side_source; // "cop", "channels" or "none"

    std::size_t size() const { return time_s.size(); }
    gait::GaitSample sample(std::size_t i) const;
};

enum class Layout { automatic, columns, rows };
enum class ForceUnit { newtons, body_weights };

// How to read a file (the `treadguard analyze` options). Anything left empty is
// taken from the file when the format carries it.
struct LoadOptions {
    std::optional<double> sample_rate_hz;
    std::vector<std::string> force_columns; // summed
    std::optional<std::string> cop_column;
    double cop_scale = 1.0; // to metres, positive toward the right (e.g. -0.001 for mm, left +)
    bool time_is_frame = false;
    Layout layout = Layout::automatic;
    std::optional<std::size_t> row; // 1-based, for Layout::rows
    ForceUnit unit = ForceUnit::newtons;
    std::optional<double> body_mass_kg; // also converts body weights to newtons
    // C3D: one force platform (1-based, e.g. one belt of a split-belt treadmill);
    // without it every platform's vertical force is summed. --fz names analog channels.
    std::optional<std::size_t> plate;
};

// Without a header, lines longer than this are read as one record per line.
inline constexpr std::size_t auto_rows_min_values = 100;

// Reads a treadguard recording, an OpenSim .mot/.sto file, a C3D file (by its .c3d
// extension), or any delimited table.
// Throws RecordingError with file, line and reason.
ForceRecording load_force_recording(const std::filesystem::path& path, const LoadOptions& options);

} // namespace tg::recording
