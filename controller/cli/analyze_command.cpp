#include "controller/cli/analyze_command.hpp"

#include "controller/cli/analysis_json.hpp"
#include "controller/cli/command.hpp"
#include "controller/recording/delimited_table.hpp"
#include "controller/recording/force_recording.hpp"
#include "controller/recording/recording_analysis.hpp"
#include "controller/recording/recording_error.hpp"

#include <optional>
#include <stdexcept>

namespace tg::cli {

namespace {

constexpr const char* analyze_help = R"(usage: treadguard analyze [OPTIONS] FILE

Gait analysis of a vertical ground-reaction-force recording; prints one JSON object.
Summary values are medians over steps unless the name says otherwise.

File formats (detected from the file):
  treadguard recording  first line '# treadguard force recording v1; sample_rate_hz=...'
  OpenSim .mot / .sto   vertical force = sum of the *_vy columns (unless --fz); columns
                        starting R_/L_ (or right/left) give the foot side
  delimited text        tab, comma, semicolon or space separated, header line optional
                        (without one, columns are named 1, 2, ...); needs --fz, and --rate
                        unless the first column is time in seconds
  one record per line   a file without a header whose lines hold >= 100 values is read as
                        one recording per line (samples across the line), e.g. trials x
                        samples; choose the line with --row N (force --layout for others)
  C3D (.c3d)            Intel, DEC or MIPS; integer or float; vertical force = Fz of every
                        force platform (TYPE 1-4, CAL_MATRIX applied), summed, or of one
                        with --plate N; --fz names analog channels instead (ANALOG:LABELS)

Options:
  --rate HZ             sample rate (checked against a time column if there is one)
  --fz COL[,COL...]     vertical-force column(s), by name or 1-based number; summed
  --time-is-frame       the first column is a frame number, not seconds
  --cop COL             mediolateral centre-of-pressure column (gives left/right)
  --cop-scale X         multiply the CoP column to get metres, positive to the runner's
                        right (e.g. 0.001 for mm; negative flips the axis); default 1
  --mass KG             body mass; otherwise from the file, else estimated from quiet
                        standing or from the mean force over step cycles
  --units n|bw          unit of the force values (bw needs --mass); default n
  --layout auto|columns|rows   how samples are laid out (default auto, see above)
  --row N               the record (1-based line) of a one-record-per-line file
  --plate N             C3D: only force platform N (e.g. one belt of a split belt)
  --cutoff HZ           low-pass cut-off (causal 2nd-order Butterworth); default 50 Hz or
                        rate/5 if lower; 0 = no filter. Loading rates depend on it
  --threshold N         foot-strike threshold above the flight baseline (default 50 N;
                        toe-off at 60 % of it), held for 20 ms
  --steps               add "per_step": every step's metrics
  -h, --help            this text

Exit status: 0 ok, 1 unreadable or unusable recording, 2 bad options.
)";

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct AnalyzeOptions {
    std::string file;
    recording::LoadOptions load;
    std::optional<double> cutoff_hz;
    std::optional<double> threshold_n;
    bool per_step = false;
    bool help = false;
};

double number_option(const std::string& name, const std::string& text) {
    const auto value = recording::parse_number(text);
    if (!value) throw UsageError(name + " needs a number, not '" + text + "'");
    return *value;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma - start);
        if (item.empty()) throw UsageError("--fz has an empty column name in '" + text + "'");
        items.push_back(item);
        if (comma == std::string::npos) return items;
        start = comma + 1;
    }
}

void apply_value(AnalyzeOptions& o, const std::string& name, const std::string& value) {
    if (name == "--rate") {
        o.load.sample_rate_hz = number_option(name, value);
    } else if (name == "--fz") {
        o.load.force_columns = split_list(value);
    } else if (name == "--cop") {
        o.load.cop_column = value;
    } else if (name == "--cop-scale") {
        o.load.cop_scale = number_option(name, value);
    } else if (name == "--mass") {
        o.load.body_mass_kg = number_option(name, value);
    } else if (name == "--units") {
        if (value != "n" && value != "bw")
            throw UsageError("--units is n or bw, not '" + value + "'");
        o.load.unit =
            value == "bw" ? recording::ForceUnit::body_weights : recording::ForceUnit::newtons;
    } else if (name == "--layout") {
        if (value == "auto")
            o.load.layout = recording::Layout::automatic;
        else if (value == "columns")
            o.load.layout = recording::Layout::columns;
        else if (value == "rows")
            o.load.layout = recording::Layout::rows;
        else
            throw UsageError("--layout is auto, columns or rows, not '" + value + "'");
    } else if (name == "--row") {
        const double row = number_option(name, value);
        if (row < 1.0 || row != static_cast<double>(static_cast<long>(row)))
            throw UsageError("--row needs a line number from 1");
        o.load.row = static_cast<std::size_t>(row);
    } else if (name == "--plate") {
        const double plate = number_option(name, value);
        if (plate < 1.0 || plate != static_cast<double>(static_cast<long>(plate)))
            throw UsageError("--plate needs a force platform number from 1");
        o.load.plate = static_cast<std::size_t>(plate);
    } else if (name == "--cutoff") {
        o.cutoff_hz = number_option(name, value);
    } else if (name == "--threshold") {
        o.threshold_n = number_option(name, value);
    } else {
        throw UsageError("unknown option '" + name + "' (see treadguard analyze --help)");
    }
}

AnalyzeOptions parse(std::span<const std::string> args) {
    AnalyzeOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            o.help = true;
        } else if (a == "--steps") {
            o.per_step = true;
        } else if (a == "--time-is-frame") {
            o.load.time_is_frame = true;
        } else if (a.rfind("--", 0) == 0) {
            const auto eq = a.find('=');
            if (eq != std::string::npos) {
                apply_value(o, a.substr(0, eq), a.substr(eq + 1));
            } else {
                if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
                apply_value(o, a, args[++i]);
            }
        } else if (o.file.empty()) {
            o.file = a;
        } else {
            throw UsageError("one file at a time ('" + o.file + "' and '" + a + "')");
        }
    }
    if (!o.help && o.file.empty())
        throw UsageError("no FILE given (see treadguard analyze --help)");
    return o;
}

gait::GaitConfig gait_config(const AnalyzeOptions& o, const recording::ForceRecording& rec) {
    gait::GaitConfig config;
    config.sample_rate_hz = rec.sample_rate_hz;
    config.filter_cutoff_hz =
        o.cutoff_hz.value_or(recording::default_filter_cutoff_hz(rec.sample_rate_hz));
    if (o.threshold_n) {
        config.strike_threshold_n = *o.threshold_n;
        config.release_threshold_n = 0.6 * *o.threshold_n;
    }
    return config;
}

} // namespace

int run_analyze(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    AnalyzeOptions options;
    try {
        options = parse(args);
    } catch (const UsageError& e) {
        err << "treadguard analyze: " << e.what() << "\n";
        return exit_usage;
    }
    if (options.help) {
        out << analyze_help;
        return exit_ok;
    }
    try {
        const auto rec = recording::load_force_recording(options.file, options.load);
        const auto config = gait_config(options, rec);
        if (const std::string problem = gait::validate(config); !problem.empty())
            throw recording::RecordingError(options.file + ": " + problem);
        const auto analysis = recording::analyze_recording(rec, config);
        out << analysis_to_json(rec, analysis, options.per_step).dump(2) << "\n";
        return exit_ok;
    } catch (const recording::RecordingError& e) {
        err << "treadguard analyze: " << e.what() << "\n";
    } catch (const std::exception& e) {
        err << "treadguard analyze: " << options.file << ": " << e.what() << "\n";
    }
    return exit_failure;
}

} // namespace tg::cli
