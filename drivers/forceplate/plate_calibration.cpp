#include "drivers/forceplate/plate_calibration.hpp"

#include "drivers/devicemap/toml_fields.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>

namespace tg::forceplate {
namespace {

using devicemap::DataFileError;
using devicemap::TomlFields;

void read_cell(const toml::table& t, const std::string& path, std::size_t index,
               CellCalibration& c) {
    TomlFields f(t, path, "cell " + std::to_string(index + 1));
    c.name = f.text("name").value_or("");
    c.x_m = f.number("x_m", -2, 2).value_or(0);
    c.y_m = f.number("y_m", -2, 2).value_or(0);
    c.gain_n_per_count = f.number("gain_n_per_count", 1e-9, 1e3).value_or(1);
    c.offset_n = f.number("offset_n", -1e7, 1e7).value_or(0);
    f.reject_unknown_keys();
    if (f.error()) throw *f.error();
}

void check_geometry(const PlateCalibration& cal, const toml::node& cells, const std::string& path) {
    auto [lo, hi] = std::minmax_element(cal.cells.begin(), cal.cells.end(),
                                        [](const auto& a, const auto& b) { return a.x_m < b.x_m; });
    if (hi->x_m - lo->x_m < 0.05)
        throw DataFileError{path, static_cast<int>(cells.source().begin.line),
                            "the cells must span at least 0.05 m mediolaterally (x_m), else "
                            "the plate cannot tell left from right"};
}

} // namespace

std::variant<PlateCalibration, DataFileError> load_plate_calibration(const std::string& path) {
    auto parsed = devicemap::parse_toml_file(path);
    if (parsed.error) return *parsed.error;
    TomlFields root(parsed.table, path, "");
    PlateCalibration cal;
    try {
        const toml::table* plate = root.table("plate");
        if (plate == nullptr) throw *root.error();
        TomlFields f(*plate, path, "plate");
        cal.id = f.text("id").value_or("");
        cal.map = f.text("map").value_or("");
        cal.calibrated = f.text("calibrated", "nominal").value_or("");
        cal.cop_min_force_n = f.number("cop_min_force_n", 1, 2000, 50).value_or(50);
        f.reject_unknown_keys();
        if (f.error()) throw *f.error();

        const toml::node* cells = parsed.table.get("cell");
        const toml::array* list = cells != nullptr ? cells->as_array() : nullptr;
        if (list == nullptr || list->size() != kPlateCells || !list->is_array_of_tables()) {
            const int line = cells != nullptr ? static_cast<int>(cells->source().begin.line) : 0;
            throw DataFileError{path, line,
                                "the file needs exactly " + std::to_string(kPlateCells) +
                                    " [[cell]] tables, one per load cell"};
        }
        for (std::size_t i = 0; i < kPlateCells; ++i)
            read_cell(*(*list)[i].as_table(), path, i, cal.cells[i]);
        check_geometry(cal, *cells, path);
    } catch (const DataFileError& e) {
        return e;
    }
    root.reject_unknown_keys({"cell"});
    if (root.error()) return *root.error();
    return cal;
}

std::optional<std::string> save_plate_calibration(const std::string& path,
                                                  const PlateCalibration& cal) {
    std::ofstream out(path, std::ios::trunc);
    if (!out) return "cannot write " + path;
    out << std::setprecision(10);
    out << "# Force-plate calibration: F = gain_n_per_count * counts + offset_n per cell.\n"
        << "[plate]\nid = " << std::quoted(cal.id) << "\nmap = " << std::quoted(cal.map)
        << "\ncalibrated = " << std::quoted(cal.calibrated)
        << "\ncop_min_force_n = " << cal.cop_min_force_n << "\n";
    for (const auto& c : cal.cells) {
        out << "\n[[cell]]\nname = " << std::quoted(c.name) << "\nx_m = " << c.x_m
            << "\ny_m = " << c.y_m << "\ngain_n_per_count = " << c.gain_n_per_count
            << "\noffset_n = " << c.offset_n << "\n";
    }
    out.flush();
    if (!out) return "write to " + path + " failed";
    return std::nullopt;
}

} // namespace tg::forceplate
