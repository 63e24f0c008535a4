#pragma once
// Requests as the API contract types them (controller/api): a missing or ill-typed field
// is a RequestError naming it, and so is a value outside its range (api/request_bounds),
// caught once by the dispatcher and turned into a `bad_request` reply.
#include "controller/api/json_reader.hpp"
#include "controller/api/request_bounds.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace tg::service {

struct RequestError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The request as its contract type; presence and types checked there.
template <class T>
T decode_request(const nlohmann::json& req) {
    try {
        T out{};
        from_json(req, out);
        return out;
    } catch (const api::ContractError& e) {
        throw RequestError(e.what());
    }
}

// Ranges and lengths, checked in one place for every field.
double in_range(double value, const char* key, api::bounds::Range range);
std::optional<double> in_range(const std::optional<double>& value, const char* key,
                               api::bounds::Range range);
std::int64_t whole_in_range(std::int64_t value, const char* key, api::bounds::Range range);
std::optional<std::int64_t> whole_in_range(const std::optional<std::int64_t>& value,
                                           const char* key, api::bounds::Range range);
// A text field: not empty (when required), at most `max_bytes`.
const std::string& text(const std::string& value, const char* key, std::size_t max_bytes);
std::optional<std::string> text(const std::optional<std::string>& value, const char* key,
                                std::size_t max_bytes);

} // namespace tg::service
