#include "controller/recording/force_recording.hpp"

#include "controller/recording/c3d_recording.hpp"
#include "controller/recording/delimited_table.hpp"
#include "controller/recording/recording_error.hpp"
#include "controller/recording/recording_format.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tg::recording {

namespace {

constexpr double min_rate_hz = 10.0;
constexpr double max_rate_hz = 100000.0;
constexpr double channel_half_width_m = 0.1; // pseudo CoP of separate left/right plates

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_opensim(const std::filesystem::path& path) {
    const std::string ext = lower(path.extension().string());
    return ext == ".mot" || ext == ".sto";
}

bool looks_like_time(const std::string& name) {
    const std::string n = lower(name);
    return n == "t" || n.rfind("time", 0) == 0 || n == "sec" || n == "seconds";
}

std::string format_number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string column_list(const DelimitedTable& table) {
    std::string list;
    const std::size_t shown = std::min<std::size_t>(table.names.size(), 12);
    for (std::size_t i = 0; i < shown; ++i)
        list += (i ? ", " : "") + table.names[i];
    if (shown < table.names.size()) list += ", ...";
    return list;
}

// Skips the OpenSim header (up to "endheader"); returns the number of lines read.
std::size_t skip_opensim_header(std::istream& in, const std::string& source) {
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        std::string t = lower(line);
        t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c); }),
                t.end());
        if (t == "endheader") return n;
    }
    throw error_in(source, "OpenSim file without an 'endheader' line");
}

class Loader {
public:
    Loader(const std::filesystem::path& path, const LoadOptions& options) : options_(options) {
        out_.source = path.string();
        std::ifstream in(path);
        if (!in) throw error_in(out_.source, std::string("cannot open: ") + std::strerror(errno));
        std::size_t first_line = 1;
        if (is_opensim(path)) {
            out_.format = "opensim";
            first_line = skip_opensim_header(in, out_.source) + 1;
        }
        table_ = read_delimited(in, out_.source, first_line, true);
        if (out_.format.empty()) decide_format();
    }

    ForceRecording load() {
        if (out_.format == "rows")
            load_row();
        else
            load_columns();
        apply_units();
        if (options_.body_mass_kg) out_.body_mass_kg = options_.body_mass_kg;
        return std::move(out_);
    }

private:
    void decide_format() {
        if (!table_.comments.empty()) {
            metadata_ = parse_metadata(table_.comments.front(), out_.source);
            if (metadata_) {
                out_.format = "treadguard";
                return;
            }
        }
        const bool wide = !table_.has_header && table_.names.size() >= auto_rows_min_values;
        const bool rows =
            options_.layout == Layout::rows || (options_.layout == Layout::automatic && wide);
        out_.format = rows ? "rows" : "columns";
    }

    // One record per line (e.g. trials × samples): the chosen line is the force.
    void load_row() {
        if (!options_.force_columns.empty() || options_.cop_column || options_.time_is_frame)
            throw error_in(out_.source, "--fz, --cop and --time-is-frame do not apply to a file "
                                        "with one record per line; choose the record with --row");
        const std::size_t count = table_.rows.size();
        if (!options_.row && count > 1)
            throw error_in(out_.source, "holds " + std::to_string(count) +
                                            " records, one per line; choose one with --row N (1-" +
                                            std::to_string(count) + ")");
        const std::size_t row = options_.row.value_or(1);
        if (row < 1 || row > count)
            throw error_in(out_.source, "--row " + std::to_string(row) + " is outside 1-" +
                                            std::to_string(count));
        out_.sample_rate_hz = required_rate();
        out_.vertical_force_n = table_.rows[row - 1];
        for (double f : out_.vertical_force_n)
            if (!std::isfinite(f))
                throw error_at(out_.source, table_.row_lines[row - 1], "empty value");
        out_.force_columns = {"row " + std::to_string(row)};
        for (std::size_t i = 0; i < out_.vertical_force_n.size(); ++i)
            out_.time_s.push_back(static_cast<double>(i) / out_.sample_rate_hz);
        out_.side_source = "none";
    }

    void load_columns() {
        const std::vector<std::size_t> force = force_columns();
        out_.vertical_force_n.assign(table_.rows.size(), 0.0);
        for (std::size_t c : force) {
            const auto values = checked_column(c);
            for (std::size_t i = 0; i < values.size(); ++i)
                out_.vertical_force_n[i] += values[i];
            out_.force_columns.push_back(table_.names[c]);
        }
        load_time();
        load_cop(force);
        if (metadata_) out_.body_mass_kg = metadata_->body_mass_kg;
    }

    std::vector<std::size_t> force_columns() {
        std::vector<std::string> names = options_.force_columns;
        if (names.empty() && out_.format == "treadguard") names = {"fz_n"};
        if (names.empty() && out_.format == "opensim") {
            for (const auto& n : table_.names)
                if (ends_with(lower(n), "_vy") && lower(n).find("torque") == std::string::npos)
                    names.push_back(n);
            if (names.empty())
                throw error_in(out_.source, "no vertical force (*_vy) columns; name them with "
                                            "--fz (columns: " +
                                                column_list(table_) + ")");
        }
        if (names.empty())
            throw error_in(out_.source, "name the vertical-force column(s) with --fz (columns: " +
                                            column_list(table_) + ")");
        std::vector<std::size_t> indices;
        for (const auto& n : names)
            indices.push_back(column_index(n));
        return indices;
    }

    std::size_t column_index(const std::string& name) const {
        const auto index = table_.find_column(name);
        if (!index)
            throw error_in(out_.source,
                           "no column '" + name + "' (columns: " + column_list(table_) + ")");
        return *index;
    }

    std::vector<double> checked_column(std::size_t c) const {
        auto values = table_.column(c);
        check_finite(values, "column " + table_.names[c]);
        return values;
    }

    void check_finite(const std::vector<double>& values, const std::string& what) const {
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (std::isfinite(values[i])) continue;
            throw error_at(out_.source, table_.row_lines[i], what + ": empty value");
        }
    }

    void load_time() {
        std::optional<std::size_t> time_column;
        if (out_.format == "treadguard") time_column = column_index("time_s");
        if (out_.format == "opensim") time_column = column_index("time");
        if (out_.format == "columns" &&
            (options_.time_is_frame || looks_like_time(table_.names[0])))
            time_column = 0;

        if (!time_column) {
            out_.sample_rate_hz = required_rate();
            for (std::size_t i = 0; i < table_.rows.size(); ++i)
                out_.time_s.push_back(static_cast<double>(i) / out_.sample_rate_hz);
            return;
        }
        const auto values = checked_column(*time_column);
        check_increasing(values, table_.names[*time_column]);
        if (options_.time_is_frame) {
            out_.sample_rate_hz = required_rate();
            for (double frame : values)
                out_.time_s.push_back((frame - values.front()) / out_.sample_rate_hz);
            return;
        }
        out_.time_s = values;
        out_.sample_rate_hz = rate_from_time(values);
    }

    void check_increasing(const std::vector<double>& values, const std::string& name) const {
        for (std::size_t i = 1; i < values.size(); ++i)
            if (!(values[i] > values[i - 1]))
                throw error_at(out_.source, table_.row_lines[i],
                               name + " does not increase (" + format_number(values[i - 1]) +
                                   " then " + format_number(values[i]) + ")");
    }

    double median_step(const std::vector<double>& values) const {
        if (values.size() < 2)
            throw error_in(out_.source, "too few samples to tell the sample rate");
        std::vector<double> steps;
        for (std::size_t i = 1; i < values.size(); ++i)
            steps.push_back(values[i] - values[i - 1]);
        std::nth_element(steps.begin(),
                         steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2),
                         steps.end());
        return steps[steps.size() / 2];
    }

    double rate_from_time(const std::vector<double>& seconds) const {
        const double step = median_step(seconds);
        const double from_time = 1.0 / step;
        const std::optional<double> given =
            options_.sample_rate_hz
                ? options_.sample_rate_hz
                : (metadata_ ? std::optional(metadata_->sample_rate_hz) : std::nullopt);
        if (!given) return checked_rate(from_time, "the time column");
        if (std::abs(step * *given - 1.0) > 0.02)
            throw error_in(out_.source,
                           "the time column steps by " + format_number(step) + " s but the rate " +
                               format_number(*given) + " Hz means " + format_number(1.0 / *given) +
                               " s; if the first column counts frames, add --time-is-frame");
        return checked_rate(*given, "--rate");
    }

    double required_rate() const {
        if (options_.sample_rate_hz) return checked_rate(*options_.sample_rate_hz, "--rate");
        if (metadata_) return checked_rate(metadata_->sample_rate_hz, "the metadata");
        throw error_in(out_.source, "no sample rate in the file; give it with --rate HZ");
    }

    double checked_rate(double rate, const std::string& from) const {
        if (!(rate >= min_rate_hz && rate <= max_rate_hz))
            throw error_in(out_.source, "absurd sample rate " + format_number(rate) + " Hz from " +
                                            from + " (expected 10 Hz to 100 kHz)");
        return rate;
    }

    void load_cop(const std::vector<std::size_t>& force) {
        std::optional<std::size_t> cop;
        if (options_.cop_column) cop = column_index(*options_.cop_column);
        if (!cop && out_.format == "treadguard") cop = table_.find_column("cop_ml_m");
        if (cop) {
            out_.cop_ml_m = table_.column(*cop);
            for (double& v : out_.cop_ml_m)
                v *= options_.cop_scale;
            out_.side_source = "cop";
            return;
        }
        out_.side_source = cop_from_channels(force) ? "channels" : "none";
    }

    // Separate left and right plates: a CoP of ±0.1 m weighted by each side's force
    // gives the analyser the side exactly as a single plate's CoP would.
    bool cop_from_channels(const std::vector<std::size_t>& force) {
        std::vector<int> signs;
        for (std::size_t c : force) {
            const std::string n = lower(table_.names[c]);
            if (n.rfind("r_", 0) == 0 || n.rfind("right", 0) == 0)
                signs.push_back(1);
            else if (n.rfind("l_", 0) == 0 || n.rfind("left", 0) == 0)
                signs.push_back(-1);
            else
                return false;
        }
        if (std::find(signs.begin(), signs.end(), 1) == signs.end() ||
            std::find(signs.begin(), signs.end(), -1) == signs.end())
            return false;
        out_.cop_ml_m.assign(table_.rows.size(), std::nan(""));
        for (std::size_t i = 0; i < table_.rows.size(); ++i) {
            double weighted = 0.0, total = 0.0;
            for (std::size_t k = 0; k < force.size(); ++k) {
                const double f = std::max(0.0, table_.rows[i][force[k]]);
                weighted += signs[k] * channel_half_width_m * f;
                total += f;
            }
            if (total > 0.0) out_.cop_ml_m[i] = weighted / total;
        }
        return true;
    }

    void apply_units() {
        if (options_.unit != ForceUnit::body_weights) return;
        if (!options_.body_mass_kg)
            throw error_in(out_.source, "forces in body weights need --mass KG to convert");
        const double scale = *options_.body_mass_kg * standard_gravity_m_s2;
        for (double& f : out_.vertical_force_n)
            f *= scale;
    }

    LoadOptions options_;
    ForceRecording out_;
    DelimitedTable table_;
    std::optional<RecordingMetadata> metadata_;
};

} // namespace

gait::GaitSample ForceRecording::sample(std::size_t i) const {
    gait::GaitSample s{time_s[i], vertical_force_n[i], std::nullopt};
    if (i < cop_ml_m.size() && std::isfinite(cop_ml_m[i])) s.cop_ml_m = cop_ml_m[i];
    return s;
}

ForceRecording load_force_recording(const std::filesystem::path& path, const LoadOptions& options) {
    if (options.body_mass_kg && !(*options.body_mass_kg > 0.0 && *options.body_mass_kg < 500.0))
        throw error_in(path.string(), "body mass must be between 0 and 500 kg");
    if (std::filesystem::is_directory(path)) throw error_in(path.string(), "is a directory");
    if (lower(path.extension().string()) == ".c3d") return load_c3d_recording(path, options);
    if (options.plate) throw error_in(path.string(), "--plate applies to C3D files only");
    return Loader(path, options).load();
}

} // namespace tg::recording
