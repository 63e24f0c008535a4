#pragma once
// Reading contract messages: every field is checked for presence and type, and a message
// that does not match gives a ContractError naming the field ("status.speed.actual_kmh:
// expected a number, got string"). decode<T>() turns that into a value: a client that gets a
// malformed message from the daemon reports it and carries on, it never crashes.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace tg::api {

using json = nlohmann::json;

// A message that does not match the contract; what() names the field and the problem.
class ContractError : public std::runtime_error {
public:
    explicit ContractError(std::string problem, std::string path = {});
    const std::string& path() const { return path_; }
    const std::string& problem() const { return problem_; }

private:
    std::string problem_;
    std::string path_;
};

struct DecodeError {
    std::string message;
};

// Either a message of type T or why it could not be read.
template <class T>
class Decoded {
public:
    Decoded(T value) : v_(std::move(value)) {}
    Decoded(DecodeError error) : v_(std::move(error)) {}
    bool ok() const { return std::holds_alternative<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    T& value() { return std::get<T>(v_); }
    const T* operator->() const { return &value(); }
    const std::string& error() const { return std::get<DecodeError>(v_).message; }

private:
    std::variant<T, DecodeError> v_;
};

// JSON type name for error messages ("number", "string", "null", ...).
std::string type_name(const json& value);
// The object's member `key`; throws if `object` is not an object or lacks the key.
const json& member(const json& object, std::string_view key);
void require_object(const json& value, std::string_view what);

namespace detail {

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

[[noreturn]] void wrong_type(const json& value, const char* expected);
[[noreturn]] void rethrow_at(std::string_view where, const ContractError& inner);

} // namespace detail

// One value of type T: numbers, booleans, strings, arrays of T, raw json, or a contract
// struct (through its from_json). Integers refuse fractions; doubles refuse NaN text.
template <class T>
T read_value(const json& value) {
    if constexpr (std::is_same_v<T, json>) {
        return value;
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!value.is_boolean()) detail::wrong_type(value, "a boolean");
        return value.get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        if (!value.is_number_integer()) detail::wrong_type(value, "an integer");
        return value.get<T>();
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!value.is_number()) detail::wrong_type(value, "a number");
        return value.get<T>();
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!value.is_string()) detail::wrong_type(value, "a string");
        return value.get<std::string>();
    } else if constexpr (detail::is_vector<T>::value) {
        if (!value.is_array()) detail::wrong_type(value, "an array");
        T out;
        out.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
            try {
                out.push_back(read_value<typename T::value_type>(value[i]));
            } catch (const ContractError& e) {
                detail::rethrow_at("[" + std::to_string(i) + "]", e);
            }
        }
        return out;
    } else {
        if (!value.is_object()) detail::wrong_type(value, "an object");
        T out{};
        from_json(value, out);
        return out;
    }
}

// A field that must be present and not null.
template <class T>
T required(const json& object, std::string_view key) {
    const json& v = member(object, key);
    try {
        if (v.is_null()) throw ContractError("must not be null");
        return read_value<T>(v);
    } catch (const ContractError& e) {
        detail::rethrow_at(key, e);
    }
}

// A field that must be present and may be null ("fields that do not apply are null").
template <class T>
std::optional<T> nullable(const json& object, std::string_view key) {
    const json& v = member(object, key);
    if (v.is_null()) return std::nullopt;
    try {
        return read_value<T>(v);
    } catch (const ContractError& e) {
        detail::rethrow_at(key, e);
    }
}

// A field that may be left out or null (optional request fields, additions to a reply
// that older controllers do not send yet).
template <class T>
std::optional<T> optional(const json& object, std::string_view key) {
    require_object(object, "message");
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    try {
        return read_value<T>(*it);
    } catch (const ContractError& e) {
        detail::rethrow_at(key, e);
    }
}

// Writing: an empty optional is null.
template <class T>
json or_null(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

// Reads a whole message; never throws.
template <class T>
Decoded<T> decode(const json& message) noexcept {
    try {
        return Decoded<T>(read_value<T>(message));
    } catch (const std::exception& e) {
        return Decoded<T>(DecodeError{e.what()});
    }
}

// Parses one API line and reads it; never throws.
template <class T>
Decoded<T> decode_line(std::string_view line) noexcept {
    json message = json::parse(line, nullptr, false);
    if (message.is_discarded()) return Decoded<T>(DecodeError{"the line is not valid JSON"});
    return decode<T>(message);
}

} // namespace tg::api
