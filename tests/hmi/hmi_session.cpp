#include "tests/hmi/hmi_session.hpp"

#include "tests/hmi/api_probe.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <thread>

namespace tg::testing {
namespace {

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

std::string screens_dir() {
    const std::string dir = bin_dir() + "/../hmi-screens";
    std::filesystem::create_directories(dir);
    return std::filesystem::canonical(dir).string();
}

HmiSession::HmiSession(HmiSessionOptions options) : options_(std::move(options)) {
    for (const char* tool : {"Xvfb", "xdotool", "python3"})
        if (!have_program(tool))
            throw std::runtime_error(std::string(tool) +
                                     " is missing (hw/linux/install-deps.sh installs it)");
    // Sanitizer build: SDL 2.26 leaks libdbus's connection, loaded with dlopen and unloaded
    // at quit, so LeakSanitizer cannot even name the module to suppress. Leak checking of the
    // HMI's own code is done by test_hmi_core; ASan and UBSan stay on in the GUI process.
    // (Overwrites what the test command set: this process read its options at start-up, so
    // only the children started from here on see it.)
    setenv("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", 1);
    dir_ = make_temp_dir("tg-hmi");
    api_socket_ = dir_ + "/api.sock";
    layout_path_ = dir_ + "/layout.json";
    start_x();
    start_controller();
    start_hmi();
}

HmiSession::~HmiSession() {
    hmi_.reset();
    controller_.reset();
    sim_.reset();
    xvfb_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void HmiSession::start_x() {
    xvfb_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        "Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"});
    const std::string line = xvfb_->wait_for_line("", 15);
    display_ = ":" + std::to_string(std::stoi(line));
    setenv("DISPLAY", display_.c_str(), 1); // for the HMI we spawn
}

void HmiSession::start_controller() {
    const std::string daemon = bin_dir() + "/treadguard-controller";
    const bool fake = options_.force_fake || !std::filesystem::exists(daemon) ||
                      std::getenv("TG_HMI_FAKE_CONTROLLER") != nullptr;
    if (fake) {
        controller_ = std::make_unique<ChildProcess>(std::vector<std::string>{
            "python3", source_dir() + "/tests/hmi/fake_controller.py", "--api", api_socket_,
            "--warm-up-s", options_.force_fake ? "300" : "0"});
        controller_->wait_for_line("fake-controller ready", 15);
        return;
    }
    sim_ = std::make_unique<SimProcess>();
    const std::string command = "TREADGUARD_DATA_DIR='" + make_data_dir() + "' exec '" + daemon +
                                "' --modbus tcp:127.0.0.1:" + std::to_string(sim_->tcp_port()) +
                                " --api '" + api_socket_ + "' --store '" + dir_ + "/store.db' > '" +
                                dir_ + "/controller.log' 2>&1";
    controller_ =
        std::make_unique<ChildProcess>(std::vector<std::string>{"/bin/sh", "-c", command});
    ApiProbe probe(api_socket_, 20.0); // the daemon is up once its socket accepts
    nlohmann::json add = {{"cmd", "runners.add"},
                          {"name", "Ana"},
                          {"mass_kg", 61.0},
                          {"preferred_cadence_spm", 164.0},
                          {"injury_side", "left"}};
    if (options_.quick_cadence_profile) add["profile"] = "cadence-retraining";
    probe.call(add);
    // A first run starts only once the profile's entry checks are passed; here they are
    // answered through the API as the clinic would (the clinician's with the PIN).
    const nlohmann::json plan = probe.call({{"cmd", "plan"}, {"runner", "Ana"}});
    const nlohmann::json checks = plan["plans"][0]["entry_checks"];
    probe.call({{"cmd", "pin.set"}, {"new_pin", kClinicianPin}});
    if (checks.empty() || !options_.answer_entry_checks) return;
    for (const auto& c : checks)
        probe.call({{"cmd", "entry_check"},
                    {"runner", "Ana"},
                    {"check_id", c["id"]},
                    {"passed", true},
                    {"pin", kClinicianPin}});
}

// The repository's data with a pain-free-limit profile whose warm-up walk is zero, so
// the run phase (where "limit coming" applies) starts within the test's time budget.
std::string HmiSession::make_data_dir() {
    namespace fs = std::filesystem;
    const std::string data = dir_ + "/data";
    fs::create_directories(data + "/profiles");
    fs::create_directory_symlink(source_dir() + "/hw", data + "/hw");
    std::ifstream in(source_dir() + "/profiles/pain-free-limit.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::regex warm_up(R"((\[warm_up\][^\[]*?duration_s\s*=\s*)[0-9]+)");
    if (!std::regex_search(text, warm_up))
        throw std::runtime_error("profiles/pain-free-limit.toml has no [warm_up] duration_s");
    std::ofstream(data + "/profiles/pain-free-limit.toml")
        << std::regex_replace(text, warm_up, "$010") /* group 1, then 0 */;
    if (options_.quick_cadence_profile) write_quick_cadence_profile(data + "/profiles");
    return data;
}

// cadence-retraining.toml with the walks and the cadence measurement as short as the
// profile's bounds allow, so a test hears the metronome within ~35 s of the start.
void HmiSession::write_quick_cadence_profile(const std::string& dir) {
    std::ifstream in(source_dir() + "/profiles/cadence-retraining.toml");
    std::ofstream out(dir + "/cadence-retraining.toml");
    std::string section;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("[")) section = line;
        if (line.starts_with("duration_s") && section == "[warm_up]") line = "duration_s = 2";
        if (line.starts_with("duration_s") && section == "[cool_down]") line = "duration_s = 4";
        if (line.starts_with("measure_s") && section == "[cadence]") line = "measure_s = 30";
        out << line << "\n";
    }
    if (!out) throw std::runtime_error("cannot write " + dir + "/cadence-retraining.toml");
}

void HmiSession::start_hmi() {
    std::vector<std::string> args{bin_dir() + "/treadguard-hmi",
                                  "--api",
                                  api_socket_,
                                  "--size",
                                  options_.size,
                                  "--dump-layout",
                                  layout_path_};
    if (!options_.screenshot_dir.empty()) {
        std::filesystem::create_directories(options_.screenshot_dir);
        args.push_back("--screenshot-dir");
        args.push_back(options_.screenshot_dir);
    }
    if (options_.disk_audio_file.empty()) {
        args.push_back("--no-audio");
    } else {
        setenv("SDL_AUDIODRIVER", "disk", 1); // read by the HMI we spawn
        setenv("SDL_DISKAUDIOFILE", options_.disk_audio_file.c_str(), 1);
    }
    args.insert(args.end(), options_.hmi_args.begin(), options_.hmi_args.end());
    hmi_ = std::make_unique<ChildProcess>(args);
    const std::string ready = hmi_->wait_for_line("treadguard-hmi ready", 20);
    std::smatch m;
    if (std::regex_search(ready, m, std::regex("target_px=([0-9.]+)")))
        target_px_ = std::stof(m[1]);
}

int HmiSession::hmi_pid() const {
    return hmi_->pid();
}

std::string HmiSession::wait_hmi_line(const std::string& needle, int timeout_s) {
    return hmi_->wait_for_line(needle, timeout_s);
}

void HmiSession::stop_hmi() {
    hmi_.reset();
}

void HmiSession::stop_controller() {
    controller_.reset();
    sim_.reset();
}

void HmiSession::screenshot() {
    kill(hmi_->pid(), SIGUSR1);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
}

nlohmann::json HmiSession::layout() const {
    std::ifstream in(layout_path_);
    if (!in) return nlohmann::json::object();
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    return j.is_discarded() ? nlohmann::json::object() : j;
}

nlohmann::json HmiSession::wait_layout(const std::function<bool(const nlohmann::json&)>& ok,
                                       double timeout_s) {
    const double deadline = now_s() + timeout_s;
    nlohmann::json l = layout();
    while (!ok(l) && now_s() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        l = layout();
    }
    return l;
}

nlohmann::json HmiSession::wait_screen(const std::string& screen, double timeout_s) {
    const double deadline = now_s() + timeout_s;
    nlohmann::json l;
    while (now_s() < deadline) {
        l = layout();
        if (l.value("screen", "") == screen) return l;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("the HMI did not show screen '" + screen + "'; last: " + l.dump());
}

void HmiSession::tap(const std::string& name, double timeout_s) {
    const double deadline = now_s() + timeout_s;
    nlohmann::json l;
    while (now_s() < deadline) {
        l = layout();
        const nlohmann::json& buttons = l.value("buttons", nlohmann::json::object());
        if (buttons.contains(name) && buttons[name].value("enabled", false)) {
            const nlohmann::json& b = buttons[name];
            const int x = static_cast<int>(b.value("x", 0.0) + b.value("w", 0.0) / 2);
            const int y = static_cast<int>(b.value("y", 0.0) + b.value("h", 0.0) / 2);
            const CommandResult r =
                run_command("DISPLAY=" + display_ + " xdotool mousemove " + std::to_string(x) +
                                " " + std::to_string(y) + " sleep 0.1 click 1",
                            10);
            if (r.exit_code != 0) throw std::runtime_error("xdotool failed: " + r.output);
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("no enabled button '" + name +
                             "' on screen; last layout: " + l.dump());
}

} // namespace tg::testing
