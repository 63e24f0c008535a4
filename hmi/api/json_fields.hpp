#pragma once
// Tolerant readers for fields of controller messages: a missing, null or ill-typed field
// reads as "absent", so a newer or sloppier controller never crashes the screen.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tg::hmi {

std::optional<double> json_number(const nlohmann::json& object, const char* key);
std::optional<long long> json_integer(const nlohmann::json& object, const char* key);
std::optional<bool> json_bool(const nlohmann::json& object, const char* key);
std::string json_text(const nlohmann::json& object, const char* key);
// The member if it is an object, else an empty object.
const nlohmann::json& json_object(const nlohmann::json& object, const char* key);
// The member if it is an array, else an empty array.
const nlohmann::json& json_array(const nlohmann::json& object, const char* key);

} // namespace tg::hmi
