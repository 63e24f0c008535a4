#include "drivers/devicemap/register_fields.hpp"

#include <cstdio>

namespace tg::devicemap {
namespace {

bool is_register_value(const toml::node& n) {
    auto v = n.value<long long>();
    return n.is_integer() && v && *v >= 0 && *v <= 0xFFFF;
}

} // namespace

std::uint16_t register_field(TomlFields& f, std::string_view key) {
    return static_cast<std::uint16_t>(f.integer(key, 0, 0xFFFF).value_or(0));
}

std::uint16_t mask_field(TomlFields& f, std::string_view key, std::optional<long long> fallback) {
    const toml::node* node = f.node(key);
    if (node != nullptr && node->is_integer()) {
        const auto v = node->value<long long>().value_or(0);
        if (v > 0xFFFF) {
            char text[32];
            std::snprintf(text, sizeof text, "0x%llX", v);
            f.fail(node, "'" + std::string(key) + "' = " + text +
                             " is a bit mask wider than its 16-bit register");
            (void)f.integer(key, 0, 0xFFFF, fallback); // marks the key as known
            return 0;
        }
    }
    return static_cast<std::uint16_t>(f.integer(key, 0, 0xFFFF, fallback).value_or(0));
}

std::optional<BitPattern> bit_pattern_field(TomlFields& f, std::string_view key, bool required) {
    const toml::table* t = f.table(key, required);
    if (t == nullptr) return std::nullopt;
    TomlFields p(*t, f.file(), std::string(key));
    BitPattern bits{mask_field(p, "mask"), register_field(p, "value")};
    p.reject_unknown_keys();
    if (p.error()) f.fail(t, p.error()->reason);
    if ((bits.value & ~bits.mask) != 0)
        f.fail(t, std::string(key) + ": value has bits outside mask");
    return bits;
}

std::optional<RegisterField> register_mask_field(TomlFields& f, std::string_view key,
                                                 bool required) {
    const toml::table* t = f.table(key, required);
    if (t == nullptr) return std::nullopt;
    TomlFields p(*t, f.file(), std::string(key));
    RegisterField field{register_field(p, "register"), mask_field(p, "mask", 0xFFFF)};
    p.reject_unknown_keys();
    if (p.error()) f.fail(t, p.error()->reason);
    if (field.mask == 0) f.fail(t, std::string(key) + ": mask 0 selects no bits");
    return field;
}

std::vector<std::pair<std::uint16_t, std::uint16_t>> range_list_field(TomlFields& f,
                                                                      std::string_view key) {
    std::vector<std::pair<std::uint16_t, std::uint16_t>> out;
    const toml::node* node = f.any(key);
    const toml::array* list = node != nullptr ? node->as_array() : nullptr;
    if (node == nullptr) return out;
    if (list == nullptr || list->empty()) {
        f.fail(node, "'" + std::string(key) +
                         "' must be a non-empty array of [first, last] register ranges "
                         "(the address blocks the device's manual documents)");
        return out;
    }
    for (const auto& item : *list) {
        const toml::array* pair = item.as_array();
        if (pair == nullptr || pair->size() != 2 || !is_register_value((*pair)[0]) ||
            !is_register_value((*pair)[1]) ||
            *(*pair)[0].value<long long>() > *(*pair)[1].value<long long>()) {
            f.fail(&item, "'" + std::string(key) +
                              "' entries must be [first, last] with 0 <= first <= last <= 0xFFFF");
            return out;
        }
        out.emplace_back(static_cast<std::uint16_t>(*(*pair)[0].value<long long>()),
                         static_cast<std::uint16_t>(*(*pair)[1].value<long long>()));
    }
    return out;
}

std::vector<std::uint16_t> register_list_field(TomlFields& f, std::string_view key) {
    std::vector<std::uint16_t> out;
    const toml::node* node = f.any(key, false);
    if (node == nullptr) return out;
    const toml::array* list = node->as_array();
    if (list == nullptr) {
        f.fail(node, "'" + std::string(key) + "' must be an array of register addresses");
        return out;
    }
    for (const auto& item : *list) {
        if (!is_register_value(item)) {
            f.fail(&item, "'" + std::string(key) + "' entries must be registers 0..0xFFFF");
            return out;
        }
        out.push_back(static_cast<std::uint16_t>(*item.value<long long>()));
    }
    return out;
}

} // namespace tg::devicemap
