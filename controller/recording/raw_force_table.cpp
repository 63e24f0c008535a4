#include "controller/recording/raw_force_table.hpp"

#include "controller/recording/delimited_table.hpp"
#include "controller/recording/recording_error.hpp"

#include <cmath>

namespace tg::recording {

namespace {

std::vector<double> required(const DelimitedTable& t, const std::string& name) {
    const auto c = t.find_column(name);
    if (!c) throw error_in(t.source, "a treadguard recording without a " + name + " column");
    auto values = t.column(*c);
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            throw error_at(t.source, t.row_lines[i], name + ": empty value");
    return values;
}

} // namespace

RawForceTable read_raw_force(std::istream& in, const std::string& source) {
    const DelimitedTable t = read_delimited(in, source, 1, true);
    if (t.comments.empty()) throw error_at(source, 1, "not a treadguard force recording");
    const auto metadata = parse_metadata(t.comments.front(), source);
    if (!metadata) throw error_at(source, 1, "not a treadguard force recording");
    RawForceTable out;
    out.source = source;
    out.metadata = *metadata;
    out.time_s = required(t, "time_s");
    out.fz_n = required(t, "fz_n");
    if (const auto c = t.find_column("cop_ml_m")) out.cop_ml_m = t.column(*c);
    if (t.find_column("cell1_n"))
        for (std::size_t k = 0; k < recorded_cells; ++k)
            out.cells_n[k] = required(t, "cell" + std::to_string(k + 1) + "_n");
    return out;
}

} // namespace tg::recording
