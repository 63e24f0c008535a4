#include "drivers/devicemap/treadmill_spec.hpp"

#include "drivers/devicemap/toml_fields.hpp"

namespace tg::devicemap {

std::variant<TreadmillSpec, DataFileError> load_treadmill_spec(const std::string& path) {
    ParsedToml parsed = parse_toml_file(path);
    if (parsed.error) return *parsed.error;
    TomlFields root(parsed.table, path, "");
    const toml::table* t = root.table("treadmill");
    root.reject_unknown_keys();
    if (root.error()) return *root.error();

    TomlFields f(*t, path, "treadmill");
    TreadmillSpec s;
    s.id = f.text("id").value_or("");
    s.name = f.text("name").value_or("");
    s.drive = f.text("drive").value_or("");
    s.hz_per_kmh = f.number("hz_per_kmh", 0.5, 50).value_or(0);
    s.max_speed_kmh = f.number("max_speed_kmh", 1, 30).value_or(0);
    s.max_accel_kmh_per_s = f.number("max_accel_kmh_per_s", 0.05, 5).value_or(0);
    s.max_decel_kmh_per_s = f.number("max_decel_kmh_per_s", 0.05, 10).value_or(0);
    s.belt_length_m = f.number("belt_length_m", 1, 20).value_or(0);
    s.k_source = f.text("k_source", "geometry").value_or("");
    f.reject_unknown_keys();
    if (f.error()) return *f.error();
    return s;
}

} // namespace tg::devicemap
