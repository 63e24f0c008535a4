#include "hmi/api/json_fields.hpp"

namespace tg::hmi {
namespace {

const nlohmann::json* member(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

} // namespace

std::optional<double> json_number(const nlohmann::json& object, const char* key) {
    const nlohmann::json* m = member(object, key);
    if (m == nullptr || !m->is_number()) return std::nullopt;
    return m->get<double>();
}

std::optional<long long> json_integer(const nlohmann::json& object, const char* key) {
    const nlohmann::json* m = member(object, key);
    if (m == nullptr || !m->is_number_integer()) return std::nullopt;
    return m->get<long long>();
}

std::optional<bool> json_bool(const nlohmann::json& object, const char* key) {
    const nlohmann::json* m = member(object, key);
    if (m == nullptr || !m->is_boolean()) return std::nullopt;
    return m->get<bool>();
}

std::string json_text(const nlohmann::json& object, const char* key) {
    const nlohmann::json* m = member(object, key);
    if (m == nullptr || !m->is_string()) return {};
    return m->get<std::string>();
}

const nlohmann::json& json_object(const nlohmann::json& object, const char* key) {
    static const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json* m = member(object, key);
    return m != nullptr && m->is_object() ? *m : empty;
}

const nlohmann::json& json_array(const nlohmann::json& object, const char* key) {
    static const nlohmann::json empty = nlohmann::json::array();
    const nlohmann::json* m = member(object, key);
    return m != nullptr && m->is_array() ? *m : empty;
}

} // namespace tg::hmi
