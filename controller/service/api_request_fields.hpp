#pragma once
// Typed access to request fields: a missing or ill-typed field is a RequestError with a
// message naming it, caught once by the dispatcher and turned into a `bad_request` reply.
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace tg::service {

struct RequestError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string required_string(const nlohmann::json& req, const char* key, std::size_t max_len = 200);
std::optional<std::string> optional_string(const nlohmann::json& req, const char* key,
                                           std::size_t max_len = 2000);
double required_number(const nlohmann::json& req, const char* key, double min, double max);
std::optional<double> optional_number(const nlohmann::json& req, const char* key, double min,
                                      double max);
bool optional_bool(const nlohmann::json& req, const char* key, bool fallback);
long long required_integer(const nlohmann::json& req, const char* key, long long min,
                           long long max);

} // namespace tg::service
