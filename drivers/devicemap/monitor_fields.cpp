#include "drivers/devicemap/monitor_fields.hpp"

#include "drivers/devicemap/register_fields.hpp"
#include "drivers/devicemap/toml_fields.hpp"

#include <array>
#include <utility>

namespace tg::devicemap {
namespace {

constexpr std::array<std::pair<const char*, FieldKind>, 5> kKinds{{
    {"state", FieldKind::state},
    {"flag", FieldKind::flag},
    {"code", FieldKind::code},
    {"bitfield", FieldKind::bitfield},
    {"number", FieldKind::number},
}};

void read_states(TomlFields& f, MonitorField& m) {
    const toml::table* states = f.table("states", m.kind == FieldKind::state);
    if (states == nullptr) return;
    const int max = m.field.value_of(m.field.mask);
    for (const auto& [key, node] : *states) {
        int value = -1;
        try {
            value = std::stoi(std::string(key.str()));
        } catch (...) {
        }
        if (value < 0 || value > max || !node.is_string())
            return f.fail(&node, "[monitor." + m.name + "] states: '" + std::string(key.str()) +
                                     "' must be a value 0.." + std::to_string(max) +
                                     " of the masked bits, naming a string");
        m.states[value] = std::string(*node.value<std::string_view>());
    }
}

} // namespace

const char* field_kind_name(FieldKind kind) {
    for (const auto& [name, k] : kKinds)
        if (k == kind) return name;
    return "?";
}

std::optional<DataFileError> read_monitor_fields(const toml::table& monitors,
                                                 const std::string& file,
                                                 std::vector<MonitorField>& out) {
    for (const auto& [key, node] : monitors) {
        MonitorField m;
        m.name = std::string(key.str());
        const toml::table* t = node.as_table();
        if (t == nullptr)
            return DataFileError{file, static_cast<int>(node.source().begin.line),
                                 "[monitor] " + m.name + " must be a table"};
        TomlFields f(*t, file, "monitor." + m.name);
        m.field.address = register_field(f, "register");
        m.field.mask = mask_field(f, "mask", 0xFFFF);
        const auto kind = f.text("kind").value_or("");
        bool known = false;
        for (const auto& [name, k] : kKinds)
            if (kind == name) m.kind = k, known = true;
        if (!known && !f.error())
            f.fail(f.node("kind"),
                   "[monitor." + m.name + "] kind must be state, flag, code, bitfield or number");
        if (m.field.mask == 0) f.fail(f.node("mask"), "[monitor." + m.name + "] mask is 0");
        if (!f.error()) read_states(f, m);
        m.scale = f.number("scale", 1e-6, 1e6, 1.0).value_or(1.0);
        m.unit = f.text("unit", "").value_or("");
        m.source = f.text("source").value_or("");
        m.verify = f.text("verify", "").value_or("");
        f.reject_unknown_keys();
        if (f.error()) return f.error();
        out.push_back(std::move(m));
    }
    return std::nullopt;
}

} // namespace tg::devicemap
