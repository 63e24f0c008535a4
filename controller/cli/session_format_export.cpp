#include "controller/cli/session_format_export.hpp"

#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"
#include "controller/fit/session_activity.hpp"
#include "controller/recording/delimited_table.hpp"
#include "controller/recording/force_exports.hpp"
#include "controller/recording/raw_force_table.hpp"
#include "controller/recording/recording_error.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace tg::cli {

using json = nlohmann::json;

namespace {

// Fetches one export of the session; nullopt when the request failed (already reported).
std::optional<std::string> fetch(std::span<const std::string> args, long long id,
                                 const char* format, std::ostream& out, std::ostream& err,
                                 int& code) {
    std::optional<std::string> content;
    code = controller_request(
        args, {{"cmd", "sessions.export"}, {"session_id", id}, {"format", format}}, out, err,
        [&](const json& reply) { content = reply["content"].get<std::string>(); });
    return code == exit_ok ? content : std::nullopt;
}

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');)
        fields.push_back(f);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    return fields;
}

std::optional<double> cell(const std::vector<std::string>& row, std::size_t i) {
    if (i >= row.size() || row[i].empty()) return std::nullopt;
    return recording::parse_number(row[i]);
}

std::vector<fit::SessionStep> steps_from_csv(const std::string& csv) {
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    const auto header = split_csv(line);
    auto column = [&](const char* name) {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw recording::RecordingError(std::string("the steps export has no column ") + name);
    };
    const std::size_t t = column("t_s"), cadence = column("cadence_spm"),
                      flight = column("flight_time_s"), peak = column("peak_force_bw"),
                      valr = column("valr_bw_s");
    std::vector<fit::SessionStep> steps;
    while (std::getline(in, line)) {
        const auto row = split_csv(line);
        const auto time = cell(row, t);
        if (!time) continue;
        steps.push_back(
            {*time, cell(row, cadence), cell(row, flight), cell(row, peak), cell(row, valr)});
    }
    return steps;
}

fit::SessionTotals totals_from_summary(const std::string& text, long long id) {
    const json summary = json::parse(text);
    const json& s = summary.at("session");
    fit::SessionTotals t;
    t.start_unix_s = s.at("start_unix_ms").get<double>() / 1000.0;
    if (!s.at("end_unix_ms").is_number())
        throw recording::RecordingError("session " + std::to_string(id) + " has not ended");
    t.duration_s = s.at("end_unix_ms").get<double>() / 1000.0 - t.start_unix_s;
    const json& totals = s.at("totals");
    if (totals.at("distance_m").is_number()) t.distance_m = totals.at("distance_m").get<double>();
    t.run_time_s = totals.at("run_time_s").get<double>();
    t.serial_number = static_cast<std::uint32_t>(id);
    return t;
}

int write_bytes(const std::vector<std::uint8_t>& bytes, const std::string& file, std::ostream& out,
                std::ostream& err) {
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
    if (!f) {
        err << "treadguard sessions: cannot write " << file << "\n";
        return exit_failure;
    }
    out << "wrote " << file << " (" << bytes.size() << " bytes)\n";
    return exit_ok;
}

} // namespace

bool is_converted_format(const std::string& format) {
    return format == "c3d" || format == "fit" || format == "force-csv";
}

int export_session_as(std::span<const std::string> args, long long id, const std::string& format,
                      const std::optional<std::string>& file, std::ostream& out,
                      std::ostream& err) {
    if (format != "force-csv" && !file)
        throw UsageError("--format " + format + " needs --out FILE");
    int code = exit_ok;
    try {
        if (format == "fit") {
            const auto summary = fetch(args, id, "json", out, err, code);
            if (!summary) return code;
            const auto steps = fetch(args, id, "csv", out, err, code);
            if (!steps) return code;
            const auto activity =
                fit::session_activity(totals_from_summary(*summary, id), steps_from_csv(*steps));
            return write_bytes(fit::encode_activity(activity), *file, out, err);
        }
        const auto raw = fetch(args, id, "recording", out, err, code);
        if (!raw) return code;
        std::istringstream in(*raw);
        const auto table = recording::read_raw_force(in, "session " + std::to_string(id));
        if (format == "c3d")
            return write_bytes(recording::raw_force_to_c3d(table), *file, out, err);
        if (!file) {
            recording::write_research_csv(table, out);
            return exit_ok;
        }
        std::ofstream f(*file, std::ios::trunc);
        recording::write_research_csv(table, f);
        if (!f) throw recording::RecordingError("cannot write " + *file);
        out << "wrote " << *file << "\n";
        return exit_ok;
    } catch (const recording::RecordingError& e) {
        err << "treadguard sessions: " << e.what() << "\n";
    } catch (const json::exception& e) {
        err << "treadguard sessions: the controller's summary of session " << id
            << " is not as expected: " << e.what() << "\n";
    }
    return exit_failure;
}

} // namespace tg::cli
