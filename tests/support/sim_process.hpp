#pragma once
// Runs treadguard-sim as a child process for integration tests: waits for its ready
// line, talks to its control socket, and stops it (SIGTERM, then SIGKILL) when done.
#include <memory>
#include <string>
#include <vector>

namespace tg::testing {

// A child process whose stdout we watch; stopped with SIGTERM (then SIGKILL) on destruction.
class ChildProcess {
public:
    explicit ChildProcess(std::vector<std::string> argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    // Reads stdout until a line contains `needle`; returns that line (throws on timeout/exit).
    std::string wait_for_line(const std::string& needle, int timeout_s = 10);
    int pid() const { return pid_; }
    // SIGKILL and reap: the process gets no chance to clean up.
    void kill_now();

private:
    int pid_ = -1;
    int stdout_fd_ = -1;
    std::string pending_;
};

class SimProcess {
public:
    // Extra arguments after the defaults (--tcp 127.0.0.1:0 --control <tmp> --status-interval 0).
    explicit SimProcess(std::vector<std::string> extra_args = {}, bool with_rtu = false);
    ~SimProcess();
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    int tcp_port() const { return tcp_port_; }
    const std::string& rtu_path() const { return rtu_path_; }
    // Sends one control command, returns the reply line.
    std::string control(const std::string& command) const;
    int pid() const { return pid_; }

private:
    std::string dir_;
    std::unique_ptr<ChildProcess> child_;
    int pid_ = -1;
    int tcp_port_ = 0;
    std::string rtu_path_;
    std::string control_path_;
};

// The directory of the built binaries (env TG_BIN_DIR set by ctest).
std::string bin_dir();
std::string source_dir();
// A fresh private temporary directory.
std::string make_temp_dir(const std::string& prefix);

struct CommandResult {
    int exit_code = -1;
    std::string output; // stdout and stderr together
};
// Runs a shell command with a time limit.
CommandResult run_command(const std::string& command, int timeout_s = 20);
bool have_program(const std::string& name);

} // namespace tg::testing
