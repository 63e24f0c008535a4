#include "controller/recording/delimited_table.hpp"

#include "controller/recording/recording_error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace tg::recording {

namespace {

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

// '\0' stands for "runs of blanks".
char detect_delimiter(const std::string& line) {
    for (char c : {'\t', ',', ';'})
        if (line.find(c) != std::string::npos) return c;
    return '\0';
}

std::vector<std::string> split(const std::string& line, char delimiter) {
    std::vector<std::string> fields;
    if (delimiter == '\0') {
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
                ++i;
            const std::size_t start = i;
            while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
                ++i;
            if (i > start) fields.push_back(line.substr(start, i - start));
        }
        return fields;
    }
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = line.find(delimiter, start);
        fields.push_back(trim(line.substr(start, end - start)));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return fields;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string quoted_field(const std::string& field) {
    return "'" + (field.size() > 40 ? field.substr(0, 40) + "..." : field) + "'";
}

} // namespace

std::optional<double> parse_number(const std::string& field) {
    const char* begin = field.data();
    const char* end = field.data() + field.size();
    if (begin != end && *begin == '+') ++begin;
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || begin == end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<std::size_t> DelimitedTable::find_column(const std::string& name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (lower(names[i]) == lower(name)) return i;
    const auto number = parse_number(name);
    if (number && *number >= 1.0 && *number <= static_cast<double>(names.size()) &&
        std::floor(*number) == *number)
        return static_cast<std::size_t>(*number) - 1;
    return std::nullopt;
}

std::vector<double> DelimitedTable::column(std::size_t index) const {
    std::vector<double> values;
    values.reserve(rows.size());
    for (const auto& row : rows)
        values.push_back(row[index]);
    return values;
}

DelimitedTable read_delimited(std::istream& in, const std::string& source, std::size_t first_line,
                              bool empty_is_missing) {
    DelimitedTable table;
    table.source = source;
    char delimiter = '\0';
    bool started = false;
    std::string line;
    for (std::size_t line_no = first_line; std::getline(in, line); ++line_no) {
        const std::string content = trim(line);
        if (content.empty()) continue;
        if (content.front() == '#') {
            if (!started) table.comments.push_back(trim(content.substr(1)));
            continue;
        }
        if (!started) {
            started = true;
            delimiter = detect_delimiter(content);
            const auto fields = split(content, delimiter);
            table.has_header = std::any_of(fields.begin(), fields.end(), [](const auto& f) {
                return !parse_number(f).has_value();
            });
            if (table.has_header) {
                table.names = fields;
                continue;
            }
            for (std::size_t i = 1; i <= fields.size(); ++i)
                table.names.push_back(std::to_string(i));
        }
        const auto fields = split(content, delimiter);
        if (fields.size() != table.names.size())
            throw error_at(source, line_no,
                           "expected " + std::to_string(table.names.size()) + " values, found " +
                               std::to_string(fields.size()));
        std::vector<double> row;
        row.reserve(fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (empty_is_missing && fields[i].empty()) {
                row.push_back(std::nan(""));
                continue;
            }
            const auto value = parse_number(fields[i]);
            if (!value)
                throw error_at(source, line_no,
                               "column " + table.names[i] +
                                   ": not a number: " + quoted_field(fields[i]));
            row.push_back(*value);
        }
        table.rows.push_back(std::move(row));
        table.row_lines.push_back(line_no);
    }
    if (in.bad()) throw error_in(source, "read error");
    if (!started) throw error_in(source, "no data (the file is empty or holds only comments)");
    if (table.rows.empty()) throw error_in(source, "a header but no data rows");
    return table;
}

} // namespace tg::recording
