#pragma once

#include "controller/gait/gait_sample.hpp"

#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace tg::recording {

// The controller's own force recording, version 1: CSV with one metadata comment
// line, a header, then one sample per line.
//
//   # treadguard force recording v1; sample_rate_hz=1000; body_mass_kg=65.4; runner=r-17
//   time_s,fz_n,cop_ml_m
//   0.000000,12.5,0.0031
//
// cop_ml_m (metres, positive toward the runner's right) is present only when the
// plate measures it. Metadata values may not contain ';' or newlines.
inline constexpr const char* recording_signature = "treadguard force recording v1";

struct RecordingMetadata {
    double sample_rate_hz = 0.0;
    std::optional<double> body_mass_kg;
    std::map<std::string, std::string> extra; // e.g. runner, session, started (ISO 8601)
};

// Streams samples to a recording. Each write() is one line; flush policy is the
// caller's (the stream's).
class RecordingWriter {
public:
    // Writes the metadata and header lines. Throws std::invalid_argument on bad metadata.
    RecordingWriter(std::ostream& out, const RecordingMetadata& metadata, bool has_cop);

    void write(const gait::GaitSample& sample);

private:
    std::ostream& out_;
    bool has_cop_;
};

// Parses the metadata comment line (without the leading '#'); nullopt when it is not
// a treadguard recording line. Throws RecordingError when it is one but is malformed.
std::optional<RecordingMetadata> parse_metadata(const std::string& comment,
                                                const std::string& source);

} // namespace tg::recording
