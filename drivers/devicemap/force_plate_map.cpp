#include "drivers/devicemap/force_plate_map.hpp"

#include "drivers/devicemap/register_fields.hpp"

#include <vector>

namespace tg::devicemap {
namespace {

// `key = [a, b, c, d]`: one number per cell, each within [min, max]. The caller lists
// the key in reject_unknown_keys' allowed set.
std::array<double, kPlateCells> per_cell(const toml::table& t, TomlFields& f, std::string_view key,
                                         double min, double max, double fallback) {
    std::array<double, kPlateCells> out;
    out.fill(fallback);
    const toml::node* node = t.get(key);
    if (node == nullptr) return out;
    const toml::array* a = node->as_array();
    if (a == nullptr || a->size() != kPlateCells) {
        f.fail(node, "'" + std::string(key) + "' must be an array of " +
                         std::to_string(kPlateCells) + " numbers, one per cell");
        return out;
    }
    for (std::size_t i = 0; i < kPlateCells; ++i) {
        const toml::node& item = (*a)[i];
        auto v = item.value<double>();
        if (!v || !(item.is_integer() || item.is_floating_point()) || !(*v >= min && *v <= max)) {
            f.fail(&item, "'" + std::string(key) + "' entry " + std::to_string(i + 1) +
                              " must be a number in [" + std::to_string(min) + ", " +
                              std::to_string(max) + "]");
            return out;
        }
        out[i] = *v;
    }
    return out;
}

void read_device(TomlFields& f, ForcePlateMap& m) {
    m.id = f.text("id").value_or("");
    m.name = f.text("name").value_or("");
    m.source = f.text("source", "").value_or("");
    m.verify = f.text("verify", "").value_or("");
    const auto kind = f.text("kind").value_or("");
    if (kind != "force-plate" && !f.error())
        f.fail(nullptr,
               "[device] kind must be \"force-plate\" for a force-plate map, got \"" + kind + "\"");
    const auto protocol = f.text("protocol").value_or("");
    if (protocol == "weight-registers") {
        m.protocol = PlateProtocol::WeightRegisters;
    } else if (protocol == "sample-fifo") {
        m.protocol = PlateProtocol::SampleFifo;
    } else if (!f.error()) {
        f.fail(nullptr,
               "[device] protocol must be \"weight-registers\" or \"sample-fifo\", got \"" +
                   protocol + "\"");
    }
    m.default_unit = static_cast<int>(f.integer("default_unit", 1, 247).value_or(2));
    const auto cells = f.integer("cells", 4, 4).value_or(4);
    (void)cells; // the layouts below are for exactly four cells
}

void read_modbus(TomlFields& f, ForcePlateMap& m) {
    m.function_06 = f.boolean("function_06", true).value_or(true);
    m.max_read_registers = static_cast<int>(f.integer("max_read_registers", 1, 125).value_or(1));
    m.reply_delay =
        std::chrono::microseconds(f.integer("reply_delay_us", 0, 1000000, 0).value_or(0));
}

// Every register of the block has at most one meaning, and all lie inside it.
void check_weight_layout(TomlFields& f, const ForcePlateMap& m) {
    const auto& w = m.weights;
    std::vector<const char*> owner(static_cast<std::size_t>(w.registers), nullptr);
    auto claim = [&](std::size_t at, const char* what) {
        if (f.error()) return;
        if (at >= owner.size())
            return f.fail(nullptr, std::string("[weights] the ") + what +
                                       " of a cell lies "
                                       "outside the block of " +
                                       std::to_string(w.registers) + " registers");
        if (owner[at] != nullptr)
            return f.fail(nullptr, std::string("[weights] overlapping fields: the ") + what +
                                       " and the " + owner[at] + " share block register " +
                                       std::to_string(at));
        owner[at] = what;
    };
    for (std::size_t c = 0; c < kPlateCells; ++c) {
        claim(w.status_at(c), "status");
        claim(w.gross_at(c), "gross weight");
        claim(w.gross_at(c) + 1, "gross weight");
        claim(w.net_at(c), "net weight");
        claim(w.net_at(c) + 1, "net weight");
    }
    if (!f.error() && w.block_registers() > m.max_read_registers)
        f.fail(nullptr, "[weights] the block needs " + std::to_string(w.block_registers()) +
                            " registers, more than max_read_registers");
    if (!f.error() && (w.gross_negative.mask & w.net_negative.mask) != 0)
        f.fail(nullptr, "[weights] overlapping fields: gross_negative and net_negative share bits");
}

void read_weights(TomlFields& f, ForcePlateMap& m) {
    auto& w = m.weights;
    w.first_register = register_field(f, "first_register");
    w.registers = static_cast<int>(f.integer("block_registers", 12, 125).value_or(20));
    w.cell_stride = static_cast<int>(f.integer("cell_stride", 1, 30).value_or(3));
    w.status_offset = static_cast<int>(f.integer("status_offset", 0, 29).value_or(0));
    w.gross_offset = static_cast<int>(f.integer("gross_offset", 0, 29).value_or(1));
    w.net_offset = static_cast<int>(f.integer("net_offset", 0, 124).value_or(12));
    w.gross_negative = bit_pattern_field(f, "gross_negative", true).value_or(BitPattern{});
    w.net_negative = bit_pattern_field(f, "net_negative", true).value_or(BitPattern{});
    w.error = bit_pattern_field(f, "error", false);
    w.underload = bit_pattern_field(f, "underload", false);
    w.division_kg = f.number("division_kg", 1e-4, 100).value_or(0.1);
    w.command_register = register_field(f, "command_register");
    w.no_command = register_field(f, "no_command");
    w.zero_command = register_field(f, "zero_command");
    w.tare_command = register_field(f, "tare_command");
    if (f.error()) return;
    if (w.zero_command == w.no_command || w.tare_command == w.no_command)
        return f.fail(nullptr,
                      "[weights] zero_command and tare_command must differ from no_command");
    check_weight_layout(f, m);
}

void read_fifo(TomlFields& f, ForcePlateMap& m) {
    auto& q = m.fifo;
    q.identity_register = register_field(f, "identity_register");
    q.identity_value = register_field(f, "identity_value");
    q.rate_register = register_field(f, "rate_register");
    q.block_register = register_field(f, "block_register");
    q.mirror_register = register_field(f, "mirror_register");
    q.command_register = register_field(f, "command_register");
    q.clear_command = register_field(f, "clear_command");
    q.sample_rate_hz = f.number("sample_rate_hz", 10, 10000).value_or(1000);
    q.fifo_depth = static_cast<int>(f.integer("fifo_depth", 16, 65535).value_or(16));
    q.overflow = bit_pattern_field(f, "overflow", true).value_or(BitPattern{});
    q.adc_fault = bit_pattern_field(f, "adc_fault", true).value_or(BitPattern{});
    if (!f.error() && q.samples_per_read(m.max_read_registers) < 1)
        f.fail(nullptr, "[fifo] max_read_registers leaves no room for one sample after the "
                        "5-register header");
}

void read_simulation(const toml::table& t, TomlFields& f, ForcePlateMap& m) {
    auto& s = m.simulation;
    s.deck_mass_kg = f.number("deck_mass_kg", 0, 500, 40).value_or(40);
    s.noise_n = f.number("noise_n", 0, 100, 2).value_or(2);
    s.counts_per_newton = per_cell(t, f, "counts_per_newton", 1e-3, 1e6, 1.0);
    s.offset_counts = per_cell(t, f, "offset_counts", -8e6, 8e6, 0.0);
    f.reject_unknown_keys({"counts_per_newton", "offset_counts"});
}

template <class Reader>
void section(TomlFields& root, std::string_view name, ForcePlateMap& m, Reader read) {
    const toml::table* t = root.table(name);
    if (t == nullptr) throw *root.error();
    TomlFields f(*t, root.file(), std::string(name));
    read(f, m);
    f.reject_unknown_keys();
    if (f.error()) throw *f.error();
}

} // namespace

std::variant<ForcePlateMap, DataFileError> load_force_plate_map(const std::string& path) {
    ParsedToml parsed = parse_toml_file(path);
    if (parsed.error) return *parsed.error;
    ForcePlateMap m;
    TomlFields root(parsed.table, path, "");
    try {
        section(root, "device", m, read_device);
        section(root, "modbus", m, read_modbus);
        if (m.protocol == PlateProtocol::WeightRegisters)
            section(root, "weights", m, read_weights);
        else
            section(root, "fifo", m, read_fifo);
        if (const toml::table* sim = root.table("simulation", false)) {
            TomlFields f(*sim, path, "simulation");
            read_simulation(*sim, f, m);
            if (f.error()) return *f.error();
        }
    } catch (const DataFileError& e) {
        return e;
    }
    root.reject_unknown_keys();
    if (root.error()) return *root.error();
    return m;
}

} // namespace tg::devicemap
