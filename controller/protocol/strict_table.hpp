#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace tg::protocol {

// Reads one TOML table and refuses anything unexpected: a missing key, a wrong type, a value
// out of bounds, and — through finish() — any key nobody asked for, so a typo in a profile is
// an error and not a silently ignored setting. Every error names file, line and key.
class StrictTable {
public:
    StrictTable(const toml::table& table, std::string file, std::string path);

    double number(std::string_view key, double min, double max);
    std::optional<double> optional_number(std::string_view key, double min, double max);
    int integer(std::string_view key, int min, int max);
    bool boolean(std::string_view key);
    std::string text(std::string_view key);
    StrictTable table(std::string_view key);
    std::optional<StrictTable> optional_table(std::string_view key);
    std::vector<StrictTable> array_of_tables(std::string_view key);
    bool has(std::string_view key) const;

    // Throws for the first key that was never read.
    void finish() const;

    [[noreturn]] void fail(std::string_view key, const std::string& reason) const;
    [[noreturn]] void fail_here(const std::string& reason) const;

private:
    const toml::node& require(std::string_view key);
    int line_of(std::string_view key) const;
    std::string name_of(std::string_view key) const;

    const toml::table* table_;
    std::string file_;
    std::string path_;
    std::set<std::string, std::less<>> used_;
};

} // namespace tg::protocol
