#include "drivers/devicemap/toml_fields.hpp"

#include <fstream>
#include <sstream>

namespace tg::devicemap {

TomlFields::TomlFields(const toml::table& table, std::string file, std::string table_name)
    : table_(table), file_(std::move(file)), table_name_(std::move(table_name)) {}

void TomlFields::fail(const toml::node* node, std::string reason) {
    if (error_) return;
    int line = 0;
    if (node != nullptr) line = static_cast<int>(node->source().begin.line);
    if (line == 0) line = static_cast<int>(table_.source().begin.line);
    error_ = DataFileError{file_, line, std::move(reason)};
}

const toml::node* TomlFields::find(std::string_view key, bool required) {
    seen_.append(key).push_back('\n');
    const toml::node* node = table_.get(key);
    if (node == nullptr && required) {
        fail(nullptr, "[" + table_name_ + "] is missing the key '" + std::string(key) + "'");
        error_is_missing_key_ = true;
    }
    return node;
}

std::optional<long long> TomlFields::integer(std::string_view key, long long min, long long max,
                                             std::optional<long long> fallback) {
    const toml::node* node = find(key, !fallback.has_value());
    if (node == nullptr) return fallback;
    auto value = node->value<long long>();
    if (!node->is_integer() || !value) {
        fail(node, "'" + std::string(key) + "' must be an integer");
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        fail(node, "'" + std::string(key) + "' = " + std::to_string(*value) + " is out of range [" +
                       std::to_string(min) + ", " + std::to_string(max) + "]");
        return std::nullopt;
    }
    return value;
}

std::optional<double> TomlFields::number(std::string_view key, double min, double max,
                                         std::optional<double> fallback) {
    const toml::node* node = find(key, !fallback.has_value());
    if (node == nullptr) return fallback;
    auto value = node->value<double>(); // accepts integers too
    if (!value || !(node->is_floating_point() || node->is_integer())) {
        fail(node, "'" + std::string(key) + "' must be a number");
        return std::nullopt;
    }
    if (!(*value >= min && *value <= max)) {
        std::ostringstream reason;
        reason << "'" << key << "' = " << *value << " is out of range [" << min << ", " << max
               << "]";
        fail(node, reason.str());
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> TomlFields::text(std::string_view key,
                                            std::optional<std::string> fallback) {
    const toml::node* node = find(key, !fallback.has_value());
    if (node == nullptr) return fallback;
    if (!node->is_string()) {
        fail(node, "'" + std::string(key) + "' must be a string");
        return std::nullopt;
    }
    return std::string(*node->value<std::string_view>());
}

std::optional<bool> TomlFields::boolean(std::string_view key, std::optional<bool> fallback) {
    const toml::node* node = find(key, !fallback.has_value());
    if (node == nullptr) return fallback;
    if (!node->is_boolean()) {
        fail(node, "'" + std::string(key) + "' must be true or false");
        return std::nullopt;
    }
    return *node->value<bool>();
}

const toml::table* TomlFields::table(std::string_view key, bool required) {
    const toml::node* node = find(key, required);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
        fail(node, "'" + std::string(key) + "' must be a table");
        return nullptr;
    }
    return node->as_table();
}

void TomlFields::reject_unknown_keys(std::initializer_list<std::string_view> also_allowed) {
    for (const auto& [key, node] : table_) {
        const std::string needle = std::string(key.str()) + "\n";
        bool known = seen_.starts_with(needle) || seen_.find("\n" + needle) != std::string::npos;
        for (auto allowed : also_allowed)
            known = known || allowed == key.str();
        if (!known) {
            // A misspelt key also shows up as a missing one; the misspelling is the news.
            if (error_is_missing_key_) error_.reset();
            fail(&node, "unknown key '" + std::string(key.str()) + "' in [" + table_name_ + "]");
            return;
        }
    }
}

ParsedToml parse_toml_file(const std::string& path) {
    ParsedToml out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.error = DataFileError{path, 0, "cannot open the file"};
        return out;
    }
    std::stringstream content;
    content << in.rdbuf();
    try {
        out.table = toml::parse(content.str(), path);
    } catch (const toml::parse_error& e) {
        out.error = DataFileError{path, static_cast<int>(e.source().begin.line),
                                  std::string(e.description())};
    }
    return out;
}

} // namespace tg::devicemap
