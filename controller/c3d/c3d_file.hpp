#pragma once
// A C3D file as read: its processor format, frame layout, parameters, and the analog
// channels in their units (ANALOG:SCALE, OFFSET and GEN_SCALE applied). 3D points
// are checked for layout but not kept: treadguard analyses forces.

#include "controller/c3d/c3d_parameters.hpp"
#include "controller/c3d/processor_format.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace tg::c3d {

inline constexpr std::size_t block_size = 512;
inline constexpr std::uint8_t c3d_key = 0x50; // byte 2 of every C3D file
// Files larger than this are refused before anything is read (a C3D of a 2-hour
// 1 kHz session with 24 channels is well under 1 GiB).
inline constexpr std::uintmax_t max_file_bytes = std::uintmax_t{2} << 30;

struct C3dFile {
    std::string source;
    Processor processor = Processor::intel;
    bool float_data = false;
    std::size_t point_count = 0;
    std::size_t first_frame = 1;
    std::size_t frame_count = 0;
    double point_rate_hz = 0.0;
    std::size_t analog_samples_per_frame = 0;
    double analog_rate_hz = 0.0;
    std::size_t data_offset = 0; // byte where the frames start
    ParameterSet parameters;

    std::vector<std::string> analog_labels; // one per channel
    std::vector<std::string> analog_units;
    std::vector<float> analog; // channel-major, analog_sample_count() per channel

    std::size_t analog_channel_count() const { return analog_labels.size(); }
    std::size_t analog_sample_count() const { return frame_count * analog_samples_per_frame; }
    std::span<const float> channel(std::size_t c) const;
    // 0-based channel by label, exact then case-insensitive; npos when absent.
    std::size_t find_channel(const std::string& label) const;
};

// Parses a whole file held in memory. Throws C3dError (file, byte offset, reason).
C3dFile parse_c3d(std::span<const std::uint8_t> bytes, const std::string& source);

// Reads and parses a file (refused above max_file_bytes).
C3dFile read_c3d_file(const std::filesystem::path& path);

// True when the bytes start like a C3D file (key byte 0x50 at offset 1).
bool looks_like_c3d(std::span<const std::uint8_t> first_bytes);

} // namespace tg::c3d
