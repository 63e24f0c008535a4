#include "controller/c3d/force_platforms.hpp"

#include "controller/c3d/c3d_error.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace tg::c3d {

namespace {

const Parameter* find(const C3dFile& f, const char* name) {
    return f.parameters.find("FORCE_PLATFORM", name);
}

std::size_t group_offset(const C3dFile& f) {
    for (const auto& [key, p] : f.parameters.all())
        if (p.group == "FORCE_PLATFORM") return p.offset;
    return 0;
}

// To newtons from a channel's ANALOG:UNITS (empty is taken as newtons).
double newtons_per_unit(const std::string& unit) {
    std::string u;
    for (unsigned char c : unit)
        if (!std::isspace(c)) u += static_cast<char>(std::tolower(c));
    if (u == "kn") return 1000.0;
    if (u == "lbf" || u == "lb") return 4.4482216152605;
    return 1.0;
}

void read_geometry(const C3dFile& f, ForcePlatform& plate, std::size_t k) {
    if (const Parameter* p = find(f, "CORNERS"); p && p->count() >= 12 * (k + 1))
        for (std::size_t c = 0; c < 4; ++c)
            for (std::size_t a = 0; a < 3; ++a)
                plate.corners[c][a] = p->numbers[12 * k + 3 * c + a];
    if (const Parameter* p = find(f, "ORIGIN"); p && p->count() >= 3 * (k + 1))
        for (std::size_t a = 0; a < 3; ++a)
            plate.origin[a] = p->numbers[3 * k + a];
}

void read_calibration(const C3dFile& f, ForcePlatform& plate, std::size_t k) {
    const Parameter* p = find(f, "CAL_MATRIX");
    if (!p || p->dimensions.size() < 2) return;
    const std::size_t rows = p->dimensions[0], cols = p->dimensions[1];
    const std::size_t plates = p->dimensions.size() > 2 ? p->dimensions[2] : 1;
    if (k >= plates || rows == 0 || cols != plate.channels.size()) return;
    plate.cal_rows = rows;
    plate.cal_cols = cols;
    plate.cal_matrix.assign(p->numbers.begin() + static_cast<std::ptrdiff_t>(k * rows * cols),
                            p->numbers.begin() +
                                static_cast<std::ptrdiff_t>((k + 1) * rows * cols));
}

} // namespace

std::size_t channels_for_type(int type) {
    switch (type) {
    case 1:
    case 2:
    case 4:
        return 6;
    case 3:
        return 8;
    default:
        return 0;
    }
}

std::vector<ForcePlatform> force_platforms(const C3dFile& f) {
    std::vector<ForcePlatform> plates;
    const Parameter* used = find(f, "USED");
    if (!used || used->numbers.empty() || used->numbers.front() <= 0) return plates;
    const std::size_t at = group_offset(f);
    const auto count = static_cast<std::size_t>(used->numbers.front());
    const Parameter* types = find(f, "TYPE");
    const Parameter* channel = find(f, "CHANNEL");
    if (!types || types->count() < count)
        throw C3dError(f.source, at,
                       "FORCE_PLATFORM:TYPE does not list " + std::to_string(count) + " plates");
    if (!channel || channel->dimensions.size() < 2 || channel->dimensions[1] < count)
        throw C3dError(f.source, at,
                       "FORCE_PLATFORM:CHANNEL does not list " + std::to_string(count) + " plates");
    const std::size_t rows = channel->dimensions[0];
    for (std::size_t k = 0; k < count; ++k) {
        ForcePlatform plate;
        plate.number = k + 1;
        plate.type = static_cast<int>(types->numbers[k]);
        const std::size_t needed = channels_for_type(plate.type);
        const std::string name = "force platform " + std::to_string(k + 1);
        if (needed == 0)
            throw C3dError(f.source, types->offset,
                           name + " is of TYPE " + std::to_string(plate.type) +
                               "; treadguard reads types 1, 2, 3 and 4");
        if (rows < needed)
            throw C3dError(f.source, channel->offset,
                           name + " (TYPE " + std::to_string(plate.type) + ") needs " +
                               std::to_string(needed) + " channels, CHANNEL lists " +
                               std::to_string(rows));
        for (std::size_t i = 0; i < needed; ++i) {
            const double number = channel->numbers[k * rows + i];
            if (number < 1 || number > static_cast<double>(f.analog_channel_count()))
                throw C3dError(f.source, channel->offset,
                               name + " reads analog channel " +
                                   std::to_string(static_cast<long>(number)) + " of " +
                                   std::to_string(f.analog_channel_count()));
            plate.channels.push_back(static_cast<std::size_t>(number) - 1);
        }
        read_geometry(f, plate, k);
        if (plate.type == 3 || plate.type == 4) read_calibration(f, plate, k);
        if (plate.type == 4 && (plate.cal_rows != 6 || plate.cal_matrix.empty()))
            throw C3dError(f.source, at, name + " is TYPE 4 but has no 6x6 CAL_MATRIX");
        plates.push_back(std::move(plate));
    }
    return plates;
}

std::vector<double> plate_vertical_force(const C3dFile& f, const ForcePlatform& plate) {
    const std::size_t n = f.analog_sample_count();
    std::vector<double> fz(n, 0.0);
    std::vector<std::span<const float>> in;
    for (std::size_t c : plate.channels)
        in.push_back(f.channel(c));
    if (plate.cal_matrix.empty()) {
        // Type 1, 2: channel 3 is Fz. Type 3: Fz is the sum of the four corner channels.
        const std::size_t first = plate.type == 3 ? 4 : 2;
        const std::size_t last = plate.type == 3 ? 8 : 3;
        for (std::size_t i = first; i < last; ++i) {
            const double unit = newtons_per_unit(f.analog_units[plate.channels[i]]);
            for (std::size_t s = 0; s < n; ++s)
                fz[s] += unit * in[i][s];
        }
        return fz;
    }
    // Calibrated: Fz is row 3 (type 4) or the sum of rows 5-8 (type 3).
    std::vector<double> weight(plate.cal_cols, 0.0);
    const std::size_t first = plate.type == 3 ? 4 : 2;
    const std::size_t last = plate.type == 3 ? std::min<std::size_t>(8, plate.cal_rows) : 3;
    for (std::size_t row = first; row < last; ++row)
        for (std::size_t c = 0; c < plate.cal_cols; ++c)
            weight[c] += plate.cal(row, c);
    for (std::size_t c = 0; c < plate.cal_cols; ++c) {
        if (weight[c] == 0.0) continue;
        for (std::size_t s = 0; s < n; ++s)
            fz[s] += weight[c] * in[c][s];
    }
    return fz;
}

} // namespace tg::c3d
