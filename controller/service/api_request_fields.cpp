#include "controller/service/api_request_fields.hpp"

#include <cmath>

namespace tg::service {

namespace {

const nlohmann::json* field(const nlohmann::json& req, const char* key) {
    auto it = req.find(key);
    return it == req.end() || it->is_null() ? nullptr : &*it;
}

std::string range(double min, double max) {
    auto text = [](double v) {
        std::string s = std::to_string(v);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    };
    return "[" + text(min) + ", " + text(max) + "]";
}

} // namespace

std::string required_string(const nlohmann::json& req, const char* key, std::size_t max_len) {
    auto v = optional_string(req, key, max_len);
    if (!v || v->empty())
        throw RequestError(std::string("'") + key + "' is required (non-empty string)");
    return *v;
}

std::optional<std::string> optional_string(const nlohmann::json& req, const char* key,
                                           std::size_t max_len) {
    const auto* f = field(req, key);
    if (f == nullptr) return std::nullopt;
    if (!f->is_string()) throw RequestError(std::string("'") + key + "' must be a string");
    auto s = f->get<std::string>();
    if (s.size() > max_len)
        throw RequestError(std::string("'") + key + "' is longer than " + std::to_string(max_len) +
                           " bytes");
    return s;
}

double required_number(const nlohmann::json& req, const char* key, double min, double max) {
    auto v = optional_number(req, key, min, max);
    if (!v)
        throw RequestError(std::string("'") + key + "' is required (number in " + range(min, max) +
                           ")");
    return *v;
}

std::optional<double> optional_number(const nlohmann::json& req, const char* key, double min,
                                      double max) {
    const auto* f = field(req, key);
    if (f == nullptr) return std::nullopt;
    if (!f->is_number()) throw RequestError(std::string("'") + key + "' must be a number");
    const double v = f->get<double>();
    if (!std::isfinite(v) || v < min || v > max)
        throw RequestError(std::string("'") + key + "' must be in " + range(min, max));
    return v;
}

bool optional_bool(const nlohmann::json& req, const char* key, bool fallback) {
    const auto* f = field(req, key);
    if (f == nullptr) return fallback;
    if (!f->is_boolean()) throw RequestError(std::string("'") + key + "' must be true or false");
    return f->get<bool>();
}

long long required_integer(const nlohmann::json& req, const char* key, long long min,
                           long long max) {
    const auto* f = field(req, key);
    if (f == nullptr || !f->is_number_integer())
        throw RequestError(std::string("'") + key + "' is required (integer in " +
                           range(double(min), double(max)) + ")");
    const auto v = f->get<long long>();
    if (v < min || v > max)
        throw RequestError(std::string("'") + key + "' must be in " +
                           range(double(min), double(max)));
    return v;
}

} // namespace tg::service
