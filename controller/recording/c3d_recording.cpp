#include "controller/recording/c3d_recording.hpp"

#include "controller/c3d/c3d_error.hpp"
#include "controller/c3d/force_platforms.hpp"
#include "controller/recording/recording_error.hpp"

#include <algorithm>
#include <cmath>

namespace tg::recording {

namespace {

constexpr double min_rate_hz = 10.0;
constexpr double max_rate_hz = 100000.0;
constexpr double loaded_share = 0.2; // samples above this share of the peak decide the sign
constexpr double unloaded_n = 20.0;  // below this the centre of pressure means nothing

std::vector<double> channel_sum(const c3d::C3dFile& f, const std::vector<std::string>& names,
                                std::vector<std::string>& used) {
    std::vector<double> sum(f.analog_sample_count(), 0.0);
    for (const auto& name : names) {
        const std::size_t c = f.find_channel(name);
        if (c == std::string::npos) {
            std::string list;
            for (std::size_t i = 0; i < f.analog_channel_count() && i < 24; ++i)
                list += (i ? ", " : "") + f.analog_labels[i];
            throw error_in(f.source, "no analog channel '" + name + "' (channels: " + list + ")");
        }
        const auto values = f.channel(c);
        for (std::size_t s = 0; s < sum.size(); ++s)
            sum[s] += values[s];
        used.push_back(f.analog_labels[c]);
    }
    orient_vertical_force(sum);
    return sum;
}

std::vector<double> plate_sum(const c3d::C3dFile& f, const LoadOptions& options,
                              std::vector<std::string>& used) {
    const auto plates = c3d::force_platforms(f);
    if (plates.empty())
        throw error_in(f.source, "no force platforms (FORCE_PLATFORM:USED is 0 or absent); name "
                                 "the vertical-force analog channels with --fz");
    if (options.plate && (*options.plate < 1 || *options.plate > plates.size()))
        throw error_in(f.source, "--plate " + std::to_string(*options.plate) + " is outside 1-" +
                                     std::to_string(plates.size()));
    std::vector<double> sum(f.analog_sample_count(), 0.0);
    for (const auto& plate : plates) {
        if (options.plate && plate.number != *options.plate) continue;
        auto fz = c3d::plate_vertical_force(f, plate);
        orient_vertical_force(fz);
        for (std::size_t s = 0; s < sum.size(); ++s)
            sum[s] += fz[s];
        used.push_back("plate " + std::to_string(plate.number) + " Fz (type " +
                       std::to_string(plate.type) + ")");
    }
    return sum;
}

// A TYPE-1 plate stores its centre of pressure; its x axis is taken as mediolateral
// (positive to the runner's right), as treadguard's own C3D export writes it. Other
// types leave the side unknown: which plate axis is mediolateral is not in the file.
std::vector<double> type1_cop_ml(const c3d::C3dFile& f, const LoadOptions& options,
                                 const std::vector<double>& force) {
    const auto plates = c3d::force_platforms(f);
    const c3d::ForcePlatform* only = nullptr;
    for (const auto& p : plates)
        if (!options.plate || p.number == *options.plate) only = only ? nullptr : &p;
    if (!only || only->type != 1 || (!options.plate && plates.size() != 1)) return {};
    const std::size_t c = only->channels[3];
    const std::string unit = f.analog_units[c];
    const double to_m = unit == "m" ? 1.0 : unit == "cm" ? 0.01 : 0.001;
    std::vector<double> cop(force.size(), std::nan(""));
    const auto values = f.channel(c);
    for (std::size_t i = 0; i < cop.size(); ++i)
        if (force[i] > unloaded_n) cop[i] = values[i] * to_m;
    return cop;
}

std::optional<double> body_mass(const c3d::C3dFile& f) {
    for (const char* name : {"BODYMASS", "BODY_MASS", "MASS"}) {
        const c3d::Parameter* p = f.parameters.find("PROCESSING", name);
        if (p && !p->numbers.empty() && p->numbers.front() > 0 && p->numbers.front() < 500)
            return p->numbers.front();
    }
    return std::nullopt;
}

} // namespace

void orient_vertical_force(std::vector<double>& force) {
    double peak = 0.0;
    for (double v : force)
        peak = std::max(peak, std::abs(v));
    double loaded = 0.0;
    for (double v : force)
        if (std::abs(v) > loaded_share * peak) loaded += v;
    if (loaded < 0.0)
        for (double& v : force)
            v = -v;
}

ForceRecording c3d_to_recording(const c3d::C3dFile& f, const LoadOptions& options) {
    if (options.cop_column || options.time_is_frame || options.row ||
        options.layout == Layout::rows)
        throw error_in(f.source, "--cop, --time-is-frame, --row and --layout rows do not apply "
                                 "to a C3D file");
    if (options.plate && !options.force_columns.empty())
        throw error_in(f.source, "--plate and --fz are alternatives");
    if (f.analog_channel_count() == 0) throw error_in(f.source, "holds no analog channels");
    const double rate = options.sample_rate_hz.value_or(f.analog_rate_hz);
    if (!(rate >= min_rate_hz && rate <= max_rate_hz))
        throw error_in(f.source, "absurd analog rate " + std::to_string(rate) +
                                     " Hz (expected 10 Hz to 100 kHz)");
    ForceRecording out;
    out.source = f.source;
    out.format = "c3d";
    out.sample_rate_hz = rate;
    out.vertical_force_n = options.force_columns.empty()
                               ? plate_sum(f, options, out.force_columns)
                               : channel_sum(f, options.force_columns, out.force_columns);
    out.time_s.resize(out.vertical_force_n.size());
    for (std::size_t i = 0; i < out.time_s.size(); ++i)
        out.time_s[i] = static_cast<double>(i) / rate;
    if (options.force_columns.empty())
        out.cop_ml_m = type1_cop_ml(f, options, out.vertical_force_n);
    out.side_source = out.cop_ml_m.empty() ? "none" : "cop";
    out.body_mass_kg = options.body_mass_kg ? options.body_mass_kg : body_mass(f);
    if (options.unit == ForceUnit::body_weights) {
        if (!options.body_mass_kg)
            throw error_in(f.source, "forces in body weights need --mass KG to convert");
        for (double& v : out.vertical_force_n)
            v *= *options.body_mass_kg * standard_gravity_m_s2;
    }
    return out;
}

ForceRecording load_c3d_recording(const std::filesystem::path& path, const LoadOptions& options) {
    try {
        return c3d_to_recording(c3d::read_c3d_file(path), options);
    } catch (const c3d::C3dError& e) {
        throw RecordingError(e.what());
    }
}

} // namespace tg::recording
