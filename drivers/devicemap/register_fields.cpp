#include "drivers/devicemap/register_fields.hpp"

namespace tg::devicemap {

std::uint16_t register_field(TomlFields& f, std::string_view key) {
    return static_cast<std::uint16_t>(f.integer(key, 0, 0xFFFF).value_or(0));
}

std::optional<BitPattern> bit_pattern_field(TomlFields& f, std::string_view key, bool required) {
    const toml::table* t = f.table(key, required);
    if (t == nullptr) return std::nullopt;
    TomlFields p(*t, f.file(), std::string(key));
    BitPattern bits{register_field(p, "mask"), register_field(p, "value")};
    p.reject_unknown_keys();
    if (p.error()) f.fail(t, p.error()->reason);
    if ((bits.value & ~bits.mask) != 0)
        f.fail(t, std::string(key) + ": value has bits outside mask");
    return bits;
}

} // namespace tg::devicemap
