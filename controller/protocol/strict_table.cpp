#include "controller/protocol/strict_table.hpp"

#include "controller/protocol/profile_error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

namespace tg::protocol {
namespace {

std::string bounds_text(double min, double max) {
    std::ostringstream out;
    out << "between " << min << " and " << max;
    return out.str();
}

// Levenshtein distance, to point at a typo instead of only saying a key is missing.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

StrictTable::StrictTable(const toml::table& table, std::string file, std::string path)
    : table_(&table), file_(std::move(file)), path_(std::move(path)) {}

bool StrictTable::has(std::string_view key) const {
    return table_->contains(key);
}

std::string StrictTable::name_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

int StrictTable::line_of(std::string_view key) const {
    if (const toml::node* node = table_->get(key))
        return static_cast<int>(node->source().begin.line);
    return static_cast<int>(table_->source().begin.line);
}

void StrictTable::fail(std::string_view key, const std::string& reason) const {
    throw ProfileError(file_, line_of(key), "'" + name_of(key) + "' " + reason);
}

void StrictTable::fail_here(const std::string& reason) const {
    const std::string where = path_.empty() ? "profile" : "[" + path_ + "]";
    throw ProfileError(file_, static_cast<int>(table_->source().begin.line), where + ": " + reason);
}

const toml::node& StrictTable::require(std::string_view key) {
    const toml::node* node = table_->get(key);
    if (node == nullptr) {
        for (const auto& [other, other_node] : *table_)
            if (edit_distance(other.str(), key) <= 2)
                throw ProfileError(file_, static_cast<int>(other_node.source().begin.line),
                                   "'" + name_of(key) + "' is missing; is '" +
                                       std::string(other.str()) + "' a typo for it?");
        fail(key, "is missing");
    }
    used_.emplace(key);
    return *node;
}

double StrictTable::number(std::string_view key, double min, double max) {
    const toml::node& node = require(key);
    const std::optional<double> value = node.value<double>();
    if (!node.is_number() || !value) fail(key, "must be a number");
    if (!std::isfinite(*value) || *value < min || *value > max)
        fail(key, "must be " + bounds_text(min, max));
    return *value;
}

std::optional<double> StrictTable::optional_number(std::string_view key, double min, double max) {
    if (!has(key)) return std::nullopt;
    return number(key, min, max);
}

int StrictTable::integer(std::string_view key, int min, int max) {
    const toml::node& node = require(key);
    if (!node.is_integer()) fail(key, "must be a whole number");
    const std::int64_t value = *node.value<std::int64_t>();
    if (value < min || value > max) fail(key, "must be " + bounds_text(min, max));
    return static_cast<int>(value);
}

bool StrictTable::boolean(std::string_view key) {
    const toml::node& node = require(key);
    if (!node.is_boolean()) fail(key, "must be true or false");
    return *node.value<bool>();
}

std::string StrictTable::text(std::string_view key) {
    const toml::node& node = require(key);
    if (!node.is_string()) fail(key, "must be a string");
    std::string value = *node.value<std::string>();
    if (value.empty()) fail(key, "must not be empty");
    return value;
}

StrictTable StrictTable::table(std::string_view key) {
    const toml::node& node = require(key);
    if (!node.is_table()) fail(key, "must be a table");
    return StrictTable(*node.as_table(), file_, name_of(key));
}

std::optional<StrictTable> StrictTable::optional_table(std::string_view key) {
    if (!has(key)) return std::nullopt;
    return table(key);
}

std::vector<StrictTable> StrictTable::array_of_tables(std::string_view key) {
    const toml::node& node = require(key);
    const toml::array* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables())
        fail(key, "must be an array of tables ([[" + name_of(key) + "]])");
    if (array->empty()) fail(key, "must not be empty");
    std::vector<StrictTable> tables;
    for (const toml::node& element : *array) {
        const toml::table* entry = element.as_table();
        if (entry == nullptr) fail(key, "must hold only tables");
        tables.emplace_back(*entry, file_,
                            name_of(key) + "[" + std::to_string(tables.size() + 1) + "]");
    }
    return tables;
}

void StrictTable::finish() const {
    for (const auto& [key, node] : *table_) {
        if (used_.find(key.str()) == used_.end())
            throw ProfileError(file_, static_cast<int>(node.source().begin.line),
                               "unknown key '" + name_of(key.str()) + "'");
    }
}

} // namespace tg::protocol
