#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

namespace tg::store {

namespace {

const std::string select_runner =
    "SELECT id, name, body_mass_kg, preferred_cadence_spm, injury_side, injury_notes, "
    "target_speed_kmh, target_duration_min, target_runs_per_week, profile_name, metronome_muted "
    "FROM runners ";

Runner read_runner(const sqlite::Statement& row) {
    Runner r;
    r.id = row.column_int64(0);
    r.name = row.column_text(1);
    r.body_mass_kg = row.column_double(2);
    r.preferred_cadence_spm = row.column_double(3);
    r.injury_side = parse_injury_side(row.column_text(4)).value_or(InjurySide::none);
    r.injury_notes = row.column_text(5);
    r.target_speed_kmh = row.column_double(6);
    r.target_duration_min = row.column_double(7);
    r.target_runs_per_week = static_cast<int>(row.column_int64(8));
    r.profile_name = row.column_text(9);
    r.metronome_muted = row.column_int64(10) != 0;
    return r;
}

// The id goes last so INSERT (which ignores it) and UPDATE share the field order.
template <class... Tail>
Status write_runner(sqlite::Connection& connection, std::string_view sql, const Runner& r,
                    const Tail&... tail) {
    Status status = sqlite::execute(
        connection, sql, r.name, r.body_mass_kg, r.preferred_cadence_spm,
        injury_side_name(r.injury_side), r.injury_notes, r.target_speed_kmh, r.target_duration_min,
        r.target_runs_per_week, r.profile_name, r.metronome_muted ? 1 : 0, tail...);
    if (!status && status.error().code == ErrorCode::already_exists)
        return make_error(ErrorCode::already_exists,
                          "a runner named '" + r.name + "' already exists");
    return status;
}

} // namespace

Result<RowId> Store::add_runner(const Runner& runner) {
    if (auto status = validate(runner); !status) return status.error();
    auto status =
        write_runner(connection_,
                     "INSERT INTO runners (name, body_mass_kg, preferred_cadence_spm, injury_side, "
                     "injury_notes, target_speed_kmh, target_duration_min, target_runs_per_week, "
                     "profile_name, metronome_muted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     runner);
    if (!status) return status.error();
    return connection_.last_insert_rowid();
}

Status Store::update_runner(const Runner& runner) {
    if (auto status = validate(runner); !status) return status;
    auto status = write_runner(
        connection_,
        "UPDATE runners SET name = ?, body_mass_kg = ?, preferred_cadence_spm = ?, "
        "injury_side = ?, injury_notes = ?, target_speed_kmh = ?, target_duration_min = ?, "
        "target_runs_per_week = ?, profile_name = ?, metronome_muted = ? WHERE id = ?",
        runner, runner.id);
    if (!status) return status;
    if (connection_.changes() == 0)
        return make_error(ErrorCode::not_found, "no runner with id " + std::to_string(runner.id));
    return {};
}

Result<Runner> Store::find_runner(std::string_view name) {
    return sqlite::query_one<Runner>(connection_, select_runner + "WHERE name = ?", read_runner,
                                     "no runner named '" + std::string(name) + "'", name);
}

Result<Runner> Store::runner(RowId id) {
    return sqlite::query_one<Runner>(connection_, select_runner + "WHERE id = ?", read_runner,
                                     "no runner with id " + std::to_string(id), id);
}

Result<std::vector<Runner>> Store::list_runners() {
    return sqlite::query_rows<Runner>(connection_, select_runner + "ORDER BY name", read_runner);
}

} // namespace tg::store
