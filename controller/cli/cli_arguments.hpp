#pragma once
// Small, strict argument reading for the subcommands: known options only, values checked.
#include "controller/api/request_bounds.hpp"

#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tg::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Arguments {
public:
    // `flags` take no value; `options` take one. Anything else starting with -- is refused.
    Arguments(std::span<const std::string> args, std::set<std::string> flags,
              std::set<std::string> options);

    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::optional<std::string> option(const std::string& name) const;
    double number(const std::string& name, double min, double max,
                  std::optional<double> fallback) const;
    // Within one of the API's request ranges (controller/api/request_bounds.hpp).
    double number(const std::string& name, api::bounds::Range range,
                  std::optional<double> fallback) const {
        return number(name, range.min, range.max, fallback);
    }
    const std::vector<std::string>& positional() const { return positional_; }
    std::string positional_at(std::size_t i, const char* what) const;

private:
    std::set<std::string> flags_;
    std::vector<std::pair<std::string, std::string>> options_;
    std::vector<std::string> positional_;
};

double parse_number(const std::string& text, const std::string& what, double min, double max);
inline double parse_number(const std::string& text, const std::string& what,
                           api::bounds::Range range) {
    return parse_number(text, what, range.min, range.max);
}

} // namespace tg::cli
