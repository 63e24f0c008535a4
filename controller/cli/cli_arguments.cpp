#include "controller/cli/cli_arguments.hpp"

#include <charconv>

namespace tg::cli {

Arguments::Arguments(std::span<const std::string> args, std::set<std::string> flags,
                     std::set<std::string> options) {
    options.insert("--api"); // every command that talks to the controller takes it
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (flags.count(a) != 0) {
            flags_.insert(a);
        } else if (options.count(a) != 0) {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            options_.emplace_back(a, args[++i]);
        } else if (a.size() > 1 && a[0] == '-' &&
                   !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) != 0))) {
            throw UsageError("unknown option '" + a + "'");
        } else {
            positional_.push_back(a);
        }
    }
}

std::optional<std::string> Arguments::option(const std::string& name) const {
    for (const auto& [k, v] : options_)
        if (k == name) return v;
    return std::nullopt;
}

double parse_number(const std::string& text, const std::string& what, double min, double max) {
    double v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size() || v < min || v > max)
        throw UsageError(what + " must be a number from " +
                         std::to_string(min).substr(0, std::to_string(min).find('.') + 2) + " to " +
                         std::to_string(max).substr(0, std::to_string(max).find('.') + 2) +
                         ", got '" + text + "'");
    return v;
}

double Arguments::number(const std::string& name, double min, double max,
                         std::optional<double> fallback) const {
    auto v = option(name);
    if (!v) {
        if (!fallback) throw UsageError(name + " is required");
        return *fallback;
    }
    return parse_number(*v, name, min, max);
}

std::string Arguments::positional_at(std::size_t i, const char* what) const {
    if (i >= positional_.size()) throw UsageError(std::string(what) + " is required");
    return positional_[i];
}

} // namespace tg::cli
