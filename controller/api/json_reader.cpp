#include "controller/api/json_reader.hpp"

namespace tg::api {

ContractError::ContractError(std::string problem, std::string path)
    : std::runtime_error(path.empty() ? problem : path + ": " + problem),
      problem_(std::move(problem)), path_(std::move(path)) {}

std::string type_name(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::object:
        return "an object";
    case json::value_t::array:
        return "an array";
    case json::value_t::string:
        return "a string";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "an integer";
    case json::value_t::number_float:
        return "a number";
    default:
        return "an unknown JSON value";
    }
}

void require_object(const json& value, std::string_view what) {
    if (!value.is_object())
        throw ContractError(std::string(what) + " must be an object, got " + type_name(value));
}

const json& member(const json& object, std::string_view key) {
    require_object(object, "message");
    const auto it = object.find(key);
    if (it == object.end()) throw ContractError("is missing", std::string(key));
    return *it;
}

namespace detail {

void wrong_type(const json& value, const char* expected) {
    throw ContractError(std::string("expected ") + expected + ", got " + type_name(value));
}

void rethrow_at(std::string_view where, const ContractError& inner) {
    // Paths read like C++: session.caps.speed_kmh, alarms[0].code.
    const std::string& inner_path = inner.path();
    const char* sep = inner_path.empty() || inner_path.starts_with("[") ? "" : ".";
    throw ContractError(inner.problem(), std::string(where) + sep + inner_path);
}

} // namespace detail

} // namespace tg::api
