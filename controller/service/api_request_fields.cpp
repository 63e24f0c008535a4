#include "controller/service/api_request_fields.hpp"

#include <cmath>
#include <sstream>

namespace tg::service {

namespace {

std::string range_text(api::bounds::Range range) {
    std::ostringstream out;
    out << range.min << ".." << range.max;
    return out.str();
}

} // namespace

double in_range(double value, const char* key, api::bounds::Range range) {
    if (!std::isfinite(value) || !range.contains(value))
        throw RequestError(std::string("'") + key + "' must be in " + range_text(range));
    return value;
}

std::optional<double> in_range(const std::optional<double>& value, const char* key,
                               api::bounds::Range range) {
    if (value) in_range(*value, key, range);
    return value;
}

std::int64_t whole_in_range(std::int64_t value, const char* key, api::bounds::Range range) {
    if (!range.contains(static_cast<double>(value)))
        throw RequestError(std::string("'") + key + "' must be a whole number in " +
                           range_text(range));
    return value;
}

std::optional<std::int64_t> whole_in_range(const std::optional<std::int64_t>& value,
                                           const char* key, api::bounds::Range range) {
    if (value) whole_in_range(*value, key, range);
    return value;
}

const std::string& text(const std::string& value, const char* key, std::size_t max_bytes) {
    if (value.empty()) throw RequestError(std::string("'") + key + "' must not be empty");
    if (value.size() > max_bytes)
        throw RequestError(std::string("'") + key + "' is longer than " +
                           std::to_string(max_bytes) + " bytes");
    return value;
}

std::optional<std::string> text(const std::optional<std::string>& value, const char* key,
                                std::size_t max_bytes) {
    if (value && value->size() > max_bytes)
        throw RequestError(std::string("'") + key + "' is longer than " +
                           std::to_string(max_bytes) + " bytes");
    return value;
}

} // namespace tg::service
