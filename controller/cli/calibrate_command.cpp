#include "controller/cli/calibrate_command.hpp"

#include "controller/cli/cli_arguments.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

namespace tg::cli {

namespace {

const char* kUsage =
    R"(usage: treadguard calibrate belt --machine FILE --hz HZ --laps N --seconds S [--write]

The belt-lap calibration of k, the motor frequency per km/h of belt speed:
  1. Put a strip of tape across the belt. Nobody on the belt; safety key in place.
  2. Run the belt from the drive's own keypad (local mode) at a steady frequency HZ,
     for example 30 Hz. treadguard never moves the belt outside a supervised session.
  3. Count the laps of the tape past a fixed point over S seconds (60 s or more).
  4. Run this command with what you measured. It prints k and the speed error of the
     current k; with --write it stores k in the machine file (k_source records the date).

The machine file's belt_length_m must be the measured belt length (the full loop).
)";

std::string today_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[16];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// Rewrites the k and k_source lines in place, keeping the rest of the file (comments too).
bool rewrite_machine_file(const std::string& path, double k, const std::string& source,
                          std::string& error) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    char kline[64];
    std::snprintf(kline, sizeof kline, "hz_per_kmh = %.4f", k);
    const std::regex k_re("^hz_per_kmh\\s*=.*$", std::regex::multiline);
    const std::regex source_re("^k_source\\s*=.*$", std::regex::multiline);
    if (!std::regex_search(content, k_re)) {
        error = path + ": no 'hz_per_kmh = ' line to update";
        return false;
    }
    content = std::regex_replace(content, k_re, kline);
    const std::string sline = "k_source = \"" + source + "\"";
    content = std::regex_search(content, source_re) ? std::regex_replace(content, source_re, sline)
                                                    : content + sline + "\n";
    const std::string tmp = path + ".tmp";
    std::ofstream(tmp) << content;
    // Refuse to install a file the loader would not accept.
    auto check = devicemap::load_treadmill_spec(tmp);
    if (auto* e = std::get_if<devicemap::DataFileError>(&check)) {
        error = "the updated file would not load: " + e->message();
        std::remove(tmp.c_str());
        return false;
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        error = "cannot replace " + path;
        return false;
    }
    return true;
}

} // namespace

double solve_hz_per_kmh(double hz, double laps, double seconds, double belt_length_m) {
    const double kmh = laps * belt_length_m / seconds * 3.6;
    return hz / kmh;
}

int run_calibrate(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    for (const auto& a : args) {
        if (a == "--help" || a == "-h") {
            out << kUsage;
            return exit_ok;
        }
    }
    return guarded("calibrate", err, [&] {
        Arguments a(args, {"--write"}, {"--machine", "--hz", "--laps", "--seconds"});
        if (a.positional_at(0, "what to calibrate (belt)") != "belt")
            throw UsageError("only 'belt' can be calibrated from here (the force plate: the HMI's "
                             "calibration wizard)");
        const auto machine = a.option("--machine");
        if (!machine) throw UsageError("--machine FILE is required (hw/treadmills/...)");
        const double hz = a.number("--hz", 5, 120, std::nullopt);
        const double laps = a.number("--laps", 1, 10000, std::nullopt);
        const double seconds = a.number("--seconds", 10, 3600, std::nullopt);
        auto spec = devicemap::load_treadmill_spec(*machine);
        if (auto* e = std::get_if<devicemap::DataFileError>(&spec)) {
            err << "treadguard calibrate: " << e->message() << "\n";
            return exit_failure;
        }
        const auto& mill = std::get<devicemap::TreadmillSpec>(spec);
        const double k = solve_hz_per_kmh(hz, laps, seconds, mill.belt_length_m);
        const double kmh = hz / k;
        const double error_pct = (mill.to_kmh(hz) - kmh) / kmh * 100.0;
        char line[200];
        std::snprintf(line, sizeof line,
                      "belt %.3f km/h at %.2f Hz -> k = %.4f Hz per km/h (file had %.4f: speeds "
                      "were %+.1f%% off)\n",
                      kmh, hz, k, mill.hz_per_kmh, error_pct);
        out << line;
        if (seconds < 60)
            out << "note: count for 60 s or more; one lap miscounted is " << 100.0 / laps
                << "% here\n";
        if (!a.flag("--write")) {
            out << "not written (add --write to store it in " << *machine << ")\n";
            return exit_ok;
        }
        std::string error;
        if (!rewrite_machine_file(*machine, k, "belt-lap calibration " + today_utc(), error)) {
            err << "treadguard calibrate: " << error << "\n";
            return exit_failure;
        }
        out << "wrote k to " << *machine << "\n";
        return exit_ok;
    });
}

} // namespace tg::cli
