#include "drivers/devicemap/field_text.hpp"

#include <algorithm>
#include <bitset>
#include <cstdio>

namespace tg::devicemap {
namespace {

std::string hex(std::uint16_t v) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04X", v);
    return text;
}

std::string state_name(const DriveMap& m, std::uint16_t word) {
    if (m.status_fault && m.status_fault->matches(word) && !m.run_sequence.empty()) return "fault";
    if (m.status_quick_stop && m.status_quick_stop->matches(word)) return "quick stop active";
    if (m.status_running.matches(word)) return "running";
    if (m.status_stopping && m.status_stopping->matches(word)) return "stopping";
    if (m.status_idle && m.status_idle->matches(word)) return "idle (switch-on disabled)";
    for (std::size_t i = 0; i + 1 < m.run_sequence.size(); ++i)
        if (m.run_sequence[i].reached.matches(word))
            return "step " + std::to_string(i + 1) + " of the run sequence";
    std::string s = "not running";
    if (m.status_fault && m.status_fault->matches(word)) s += ", FAULT flagged";
    if (m.status_comm_timeout && m.status_comm_timeout->matches(word)) s += ", COMM TIMEOUT";
    return s;
}

std::string code_text(const DriveMap& m, int code) {
    return code == 0 ? "0 (none)" : std::to_string(code) + " " + m.fault_name(code);
}

std::string monitor_text(const MonitorField& f, std::uint16_t raw) {
    const std::uint16_t v = f.field.value_of(raw);
    switch (f.kind) {
    case FieldKind::state: {
        auto it = f.states.find(v);
        return std::to_string(v) + " " + (it != f.states.end() ? it->second : "(not in the map)");
    }
    case FieldKind::flag:
        return v != 0 ? "set" : "clear";
    case FieldKind::bitfield:
        return "0b" + std::bitset<16>(v).to_string();
    case FieldKind::number: {
        char text[48];
        std::snprintf(text, sizeof text, "%.2f %s", v * f.scale, f.unit.c_str());
        return text;
    }
    case FieldKind::code:
        break;
    }
    return std::to_string(v);
}

bool is_unverified(const DriveMap& m, const char* section) {
    const std::string prefix = std::string("[") + section + "]";
    return std::any_of(m.verify_notes.begin(), m.verify_notes.end(),
                       [&](const std::string& n) { return n.starts_with(prefix); });
}

} // namespace

std::vector<std::uint16_t> drive_field_registers(const DriveMap& m) {
    std::vector<std::uint16_t> out{m.status_register, m.output_frequency_register};
    if (m.error_register) out.push_back(*m.error_register);
    if (m.warning) out.push_back(m.warning->address);
    if (m.fault_detail) out.push_back(m.fault_detail->address);
    if (m.identity_register) out.push_back(*m.identity_register);
    for (const auto& f : m.monitors)
        out.push_back(f.field.address);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    std::erase_if(out, [&](std::uint16_t a) { return m.is_write_only(a); });
    return out;
}

std::vector<FieldLine> describe_drive_fields(const DriveMap& m, const RegisterReader& read) {
    std::vector<FieldLine> out;
    auto add = [&](std::string name, std::uint16_t address, auto decode, bool unverified) {
        if (auto raw = read(address))
            out.push_back({std::move(name), address, *raw, decode(*raw), unverified});
    };
    add(
        "state", m.status_register, [&](std::uint16_t w) { return state_name(m, w); },
        is_unverified(m, "status"));
    add(
        "output frequency", m.output_frequency_register,
        [&](std::uint16_t w) {
            char text[32];
            std::snprintf(text, sizeof text, "%.2f Hz", w / m.units_per_hz);
            return std::string(text);
        },
        is_unverified(m, "frequency"));
    if (m.error_register)
        add(
            "fault code", *m.error_register,
            [&](std::uint16_t w) { return code_text(m, w & m.error_mask); },
            is_unverified(m, "status"));
    if (m.warning)
        add(
            "warning code", m.warning->address,
            [&](std::uint16_t w) { return std::to_string(m.warning->value_of(w)); },
            is_unverified(m, "status"));
    if (m.fault_detail)
        add(
            "fault contents", m.fault_detail->address,
            [&](std::uint16_t w) {
                return "0b" + std::bitset<16>(m.fault_detail->value_of(w)).to_string();
            },
            is_unverified(m, "status"));
    if (m.identity_register)
        add(
            "identity", *m.identity_register, [](std::uint16_t w) { return hex(w); }, false);
    for (const auto& f : m.monitors)
        add(
            f.name, f.field.address, [&](std::uint16_t w) { return monitor_text(f, w); },
            !f.verify.empty());
    return out;
}

std::string format_field_line(const FieldLine& l) {
    char text[160];
    std::snprintf(text, sizeof text, "  %-24s %6u (%s) = %s  ->  %s%s", l.name.c_str(),
                  static_cast<unsigned>(l.address), hex(l.address).c_str(), hex(l.raw).c_str(),
                  l.decoded.c_str(), l.unverified ? "   [verify]" : "");
    return text;
}

} // namespace tg::devicemap
