#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace tg::recording {

// A numeric text table: tab-, comma-, semicolon- or space-separated (the first
// content line decides), an optional header line (present when any field of the
// first line is not a number), '#' comment lines kept aside, blank lines skipped.
struct DelimitedTable {
    std::string source;
    std::vector<std::string> comments; // '#' lines before the data, without the '#'
    bool has_header = false;
    std::vector<std::string> names; // header fields, or "1", "2", ... without a header
    std::vector<std::vector<double>> rows;
    std::vector<std::size_t> row_lines; // 1-based line number of each row in the file

    // Column index by exact name, then case-insensitive name, then 1-based number.
    std::optional<std::size_t> find_column(const std::string& name) const;
    std::vector<double> column(std::size_t index) const;
};

// Reads the table; `first_line` is the file line number of the stream's first line
// (for files whose own header was consumed already). An empty field is an error
// unless `empty_is_missing`, which reads it as NaN. Throws RecordingError.
DelimitedTable read_delimited(std::istream& in, const std::string& source,
                              std::size_t first_line = 1, bool empty_is_missing = false);

// The same numeric parsing the table uses: the whole field must be a finite number.
std::optional<double> parse_number(const std::string& field);

} // namespace tg::recording
