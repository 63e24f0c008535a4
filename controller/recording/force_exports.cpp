#include "controller/recording/force_exports.hpp"

#include "controller/c3d/c3d_error.hpp"
#include "controller/c3d/c3d_writer.hpp"
#include "controller/recording/delimited_table.hpp"
#include "controller/recording/recording_error.hpp"

#include <charconv>
#include <cmath>

namespace tg::recording {

namespace {

constexpr double mm_per_m = 1000.0;

double metadata_number(const RawForceTable& t, const std::string& key, double fallback) {
    const auto it = t.metadata.extra.find(key);
    if (it == t.metadata.extra.end()) return fallback;
    const auto v = parse_number(it->second);
    return v && *v > 0.0 ? *v : fallback;
}

c3d::AnalogChannelData channel(std::string label, std::string unit, std::string description,
                               std::vector<double> values) {
    return {std::move(label), std::move(unit), std::move(description), std::move(values)};
}

std::array<std::array<double, 3>, 4> corners_mm(double half_x, double half_y) {
    return {
        {{half_x, half_y, 0}, {-half_x, half_y, 0}, {-half_x, -half_y, 0}, {half_x, -half_y, 0}}};
}

void append(std::string& line, double v) {
    char text[32];
    const auto r = std::to_chars(text, text + sizeof text, v);
    line.append(text, r.ptr);
}

} // namespace

std::vector<std::uint8_t> raw_force_to_c3d(const RawForceTable& t) {
    c3d::C3dContent c;
    c.analog_rate_hz = t.metadata.sample_rate_hz;
    const double half_x =
        0.5 * metadata_number(t, "plate_width_m", default_plate_width_m) * mm_per_m;
    const double half_y =
        0.5 * metadata_number(t, "plate_length_m", default_plate_length_m) * mm_per_m;
    const std::size_t n = t.size();
    const std::vector<double> zero(n, 0.0);
    c3d::PlateDescription plate;
    plate.corners = corners_mm(half_x, half_y);
    if (t.has_cells()) {
        plate.type = 3;
        plate.origin = {half_x, half_y, 0.0};
        c.channels = {channel("Fx12", "N", "no shear measured", zero),
                      channel("Fx34", "N", "no shear measured", zero),
                      channel("Fy14", "N", "no shear measured", zero),
                      channel("Fy23", "N", "no shear measured", zero)};
        for (std::size_t k = 0; k < recorded_cells; ++k)
            c.channels.push_back(channel("Fz" + std::to_string(k + 1), "N",
                                         "load cell " + std::to_string(k + 1) + ", calibrated",
                                         t.cells_n[k]));
        plate.channels = {1, 2, 3, 4, 5, 6, 7, 8};
    } else {
        plate.type = 1;
        std::vector<double> cop(n, 0.0);
        for (std::size_t i = 0; i < n && i < t.cop_ml_m.size(); ++i)
            if (std::isfinite(t.cop_ml_m[i])) cop[i] = t.cop_ml_m[i] * mm_per_m;
        c.channels = {channel("Fx", "N", "not measured", zero),
                      channel("Fy", "N", "not measured", zero),
                      channel("Fz", "N", "vertical force, sum of the load cells", t.fz_n),
                      channel("CoPx", "mm", "mediolateral CoP, + to the right; 0 unloaded", cop),
                      channel("CoPy", "mm", "not measured", zero),
                      channel("Tz", "Nmm", "not measured", zero)};
        plate.channels = {1, 2, 3, 4, 5, 6};
    }
    c.plates = {plate};
    for (const auto& [key, value] : t.metadata.extra)
        c.metadata[key] = value;
    if (t.metadata.body_mass_kg) {
        char mass[32];
        std::snprintf(mass, sizeof mass, "%.3f", *t.metadata.body_mass_kg);
        c.metadata["body_mass_kg"] = mass;
    }
    try {
        return c3d::encode_c3d(c, t.source);
    } catch (const c3d::C3dError& e) {
        throw RecordingError(e.what());
    }
}

void write_research_csv(const RawForceTable& t, std::ostream& out) {
    out << "# treadguard raw force, research export v1\n# source: " << t.source
        << "\n# sample_rate_hz=" << t.metadata.sample_rate_hz;
    if (t.metadata.body_mass_kg) out << "; body_mass_kg=" << *t.metadata.body_mass_kg;
    for (const auto& [key, value] : t.metadata.extra)
        out << "; " << key << "=" << value;
    out << "\n# units: time_s = seconds since the session start; cell1_n..cell4_n and total_n = "
           "newtons, vertical, positive under load; cop_ml_m = metres from the deck centre, "
           "positive to the runner's right, empty when nobody is on the deck\n"
        << "# calibration: "
        << (t.metadata.extra.count("calibration")
                ? t.metadata.extra.at("calibration")
                : std::string("forces as the controller computed them at 1 kHz: each cell's "
                              "counts minus its tare offset times its gain (N/count) from the "
                              "plate calibration in use (hw/calibration); total_n is their sum"))
        << "\n";
    if (!t.has_cells())
        out << "# cells: not in this recording (the controller recorded only their sum); the "
               "cell columns are empty\n";
    out << "time_s,cell1_n,cell2_n,cell3_n,cell4_n,total_n,cop_ml_m\n";
    std::string line;
    for (std::size_t i = 0; i < t.size(); ++i) {
        line.clear();
        append(line, t.time_s[i]);
        for (std::size_t k = 0; k < recorded_cells; ++k) {
            line += ',';
            if (t.has_cells()) append(line, t.cells_n[k][i]);
        }
        line += ',';
        append(line, t.fz_n[i]);
        line += ',';
        if (i < t.cop_ml_m.size() && std::isfinite(t.cop_ml_m[i])) append(line, t.cop_ml_m[i]);
        line += '\n';
        out << line;
    }
}

} // namespace tg::recording
