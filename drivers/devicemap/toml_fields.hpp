#pragma once
// Strict reading of TOML tables: every key must be known, every value in range, and
// a refusal names the file and the line. Used by every hardware data-file loader.
#include "drivers/devicemap/data_file_error.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <toml++/toml.h>

namespace tg::devicemap {

class TomlFields {
public:
    TomlFields(const toml::table& table, std::string file, std::string table_name);

    // Each getter records the first error; check error() after reading a table.
    std::optional<long long> integer(std::string_view key, long long min, long long max,
                                     std::optional<long long> fallback = std::nullopt);
    std::optional<double> number(std::string_view key, double min, double max,
                                 std::optional<double> fallback = std::nullopt);
    std::optional<std::string> text(std::string_view key,
                                    std::optional<std::string> fallback = std::nullopt);
    std::optional<bool> boolean(std::string_view key, std::optional<bool> fallback = std::nullopt);
    const toml::table* table(std::string_view key, bool required = true);
    // Any value (an array, say), marked as known; its type is the caller's to check.
    const toml::node* any(std::string_view key, bool required = true) {
        return find(key, required);
    }

    // Keys present in the file that no getter asked for: typos must not pass silently.
    void reject_unknown_keys(std::initializer_list<std::string_view> also_allowed = {});

    const std::optional<DataFileError>& error() const { return error_; }
    void fail(const toml::node* node, std::string reason);
    // The key's node (for the line of a cross-field refusal), or null.
    const toml::node* node(std::string_view key) const { return table_.get(key); }
    const std::string& file() const { return file_; }

private:
    const toml::node* find(std::string_view key, bool required);

    const toml::table& table_;
    std::string file_;
    std::string table_name_;
    std::optional<DataFileError> error_;
    bool error_is_missing_key_ = false;
    std::string seen_; // '\n'-joined keys read so far
};

// Parses a file; a syntax error becomes a DataFileError with its line.
struct ParsedToml {
    toml::table table;
    std::optional<DataFileError> error;
};
ParsedToml parse_toml_file(const std::string& path);

} // namespace tg::devicemap
