#include "controller/recording/recording_format.hpp"

#include "controller/recording/delimited_table.hpp"
#include "controller/recording/recording_error.hpp"

#include <cmath>
#include <iomanip>
#include <stdexcept>

namespace tg::recording {

namespace {

bool safe_text(const std::string& s) {
    return s.find_first_of(";=\n\r") == std::string::npos;
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

double positive_value(const std::string& key, const std::string& text, const std::string& source) {
    const auto value = parse_number(text);
    if (!value || *value <= 0.0)
        throw error_at(source, 1, key + " must be a positive number, not '" + text + "'");
    return *value;
}

} // namespace

RecordingWriter::RecordingWriter(std::ostream& out, const RecordingMetadata& metadata, bool has_cop)
    : out_(out), has_cop_(has_cop) {
    if (!(metadata.sample_rate_hz > 0.0) || !std::isfinite(metadata.sample_rate_hz))
        throw std::invalid_argument("recording: sample rate must be positive");
    if (metadata.body_mass_kg && !(*metadata.body_mass_kg > 0.0))
        throw std::invalid_argument("recording: body mass must be positive");
    out_ << "# " << recording_signature << "; sample_rate_hz=" << metadata.sample_rate_hz;
    if (metadata.body_mass_kg) out_ << "; body_mass_kg=" << *metadata.body_mass_kg;
    for (const auto& [key, value] : metadata.extra) {
        if (!safe_text(key) || !safe_text(value) || key.empty())
            throw std::invalid_argument("recording: metadata '" + key +
                                        "' may not contain ';', '=' or newlines");
        out_ << "; " << key << "=" << value;
    }
    out_ << "\n" << (has_cop_ ? "time_s,fz_n,cop_ml_m" : "time_s,fz_n") << "\n";
}

void RecordingWriter::write(const gait::GaitSample& sample) {
    out_ << std::fixed << std::setprecision(6) << sample.time_s << ',' << std::setprecision(3)
         << sample.vertical_force_n;
    // No CoP (e.g. nobody on the plate) is an empty field, not a made-up position.
    if (has_cop_) {
        out_ << ',';
        if (sample.cop_ml_m) out_ << std::setprecision(5) << *sample.cop_ml_m;
    }
    out_ << '\n';
}

std::optional<RecordingMetadata> parse_metadata(const std::string& comment,
                                                const std::string& source) {
    const std::string signature = recording_signature;
    if (comment.rfind(signature, 0) != 0) return std::nullopt;
    RecordingMetadata metadata;
    std::size_t start = comment.find(';');
    while (start != std::string::npos) {
        const std::size_t end = comment.find(';', start + 1);
        const std::string item = trimmed(comment.substr(start + 1, end - start - 1));
        start = end;
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            throw error_at(source, 1, "metadata item without '=': " + item);
        const std::string key = trimmed(item.substr(0, eq));
        const std::string value = trimmed(item.substr(eq + 1));
        if (key == "sample_rate_hz")
            metadata.sample_rate_hz = positive_value(key, value, source);
        else if (key == "body_mass_kg")
            metadata.body_mass_kg = positive_value(key, value, source);
        else
            metadata.extra[key] = value;
    }
    if (metadata.sample_rate_hz <= 0.0)
        throw error_at(source, 1, "metadata line has no sample_rate_hz");
    return metadata;
}

} // namespace tg::recording
