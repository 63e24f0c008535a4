#pragma once
// Test fixture for the HMI under a private Xvfb: starts the X server, a controller
// (the real treadguard-controller with treadguard-sim when built, else the fake API
// server), and treadguard-hmi with --dump-layout and --screenshot-dir; taps named
// buttons with xdotool.
#include "tests/support/sim_process.hpp"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tg::testing {

// The clinician PIN HmiSession sets (a first run's entry checks need it).
inline constexpr const char* kClinicianPin = "1234";

struct HmiSessionOptions {
    std::string size = "800x480";
    bool force_fake = false;      // use the fake controller even if the daemon is built
    std::string screenshot_dir{}; // empty: no screenshots
    // The HMI's sound goes to this raw file (SDL's disk driver: S16 mono 48 kHz); empty:
    // no audio device at all (--no-audio), so other tests stay silent.
    std::string disk_audio_file{};
    std::vector<std::string> hmi_args{}; // appended to the HMI's command line
    // Ana runs the cadence-retraining profile, shortened: 2 s warm-up walk, 4 s cool-down,
    // the preferred cadence measured over the shortest allowed 30 s.
    bool quick_cadence_profile = false;
    // Answer the first run's entry checks through the API before the HMI starts (off: the
    // test answers them on the HMI).
    bool answer_entry_checks = true;
};

class HmiSession {
public:
    explicit HmiSession(HmiSessionOptions options);
    ~HmiSession();
    HmiSession(const HmiSession&) = delete;
    HmiSession& operator=(const HmiSession&) = delete;

    bool real_controller() const { return sim_ != nullptr; }
    // The simulated bench (fault injection through its control channel); null with the fake.
    const SimProcess* sim() const { return sim_.get(); }
    const std::string& api_socket() const { return api_socket_; }
    float target_px() const { return target_px_; }
    // The last layout the HMI wrote ({} if none yet).
    nlohmann::json layout() const;
    // Waits until the HMI shows `screen` (exact name); throws on timeout.
    nlohmann::json wait_screen(const std::string& screen, double timeout_s = 10.0);
    // Polls the layout until `ok` holds on it; returns the last layout (check it yourself).
    nlohmann::json wait_layout(const std::function<bool(const nlohmann::json&)>& ok,
                               double timeout_s = 10.0);
    // Waits until button `name` is on screen and enabled, then taps its centre.
    void tap(const std::string& name, double timeout_s = 10.0);
    int hmi_pid() const;
    // Waits for a line of the HMI's standard output containing `needle`, returns it.
    std::string wait_hmi_line(const std::string& needle, int timeout_s = 10);
    // Ends the HMI with SIGTERM (it closes its audio file) and waits for it.
    void stop_hmi();
    const std::string& display() const { return display_; }
    // Stops the controller (to see the HMI without it).
    void stop_controller();
    // Asks the HMI for a screenshot (SIGUSR1) and gives it time to write it.
    void screenshot();

private:
    void start_x();
    void start_controller();
    std::string make_data_dir();
    void write_quick_cadence_profile(const std::string& dir);
    void start_hmi();

    HmiSessionOptions options_;
    std::string dir_;
    std::string display_;
    std::string api_socket_;
    std::string layout_path_;
    float target_px_ = 0;
    std::unique_ptr<ChildProcess> xvfb_;
    std::unique_ptr<SimProcess> sim_;
    std::unique_ptr<ChildProcess> controller_;
    std::unique_ptr<ChildProcess> hmi_;
};

// Where screenshots of the test runs go: <build>/hmi-screens.
std::string screens_dir();

} // namespace tg::testing
