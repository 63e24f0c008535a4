#include "tests/support/sim_process.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <regex>
#include <spawn.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace tg::testing {

std::string bin_dir() {
    const char* d = std::getenv("TG_BIN_DIR");
    if (d == nullptr) throw std::runtime_error("TG_BIN_DIR is not set (run the tests via ctest)");
    return d;
}

std::string source_dir() {
    const char* d = std::getenv("TG_SOURCE_DIR");
    if (d == nullptr)
        throw std::runtime_error("TG_SOURCE_DIR is not set (run the tests via ctest)");
    return d;
}

std::string make_temp_dir(const std::string& prefix) {
    std::string pattern = "/tmp/" + prefix + "-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

ChildProcess::ChildProcess(std::vector<std::string> args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_fd_ = out[0];
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        for (int i = 0; i < 100 && pid_ > 0; ++i) {
            if (waitpid(pid_, nullptr, WNOHANG) == pid_)
                pid_ = -1;
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    if (stdout_fd_ >= 0) close(stdout_fd_);
}

void ChildProcess::kill_now() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

std::string ChildProcess::wait_for_line(const std::string& needle, int timeout_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    std::string seen;
    while (true) {
        for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n')) {
            std::string line = pending_.substr(0, nl);
            pending_.erase(0, nl + 1);
            seen += line + " | ";
            if (line.find(needle) != std::string::npos) return line;
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("timed out waiting for '" + needle + "'; saw: " + seen);
        pollfd p{stdout_fd_, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0) continue;
        std::array<char, 512> buf{};
        const ssize_t n = read(stdout_fd_, buf.data(), buf.size());
        if (n <= 0)
            throw std::runtime_error("process exited before '" + needle + "'; saw: " + seen);
        pending_.append(buf.data(), static_cast<std::size_t>(n));
    }
}

SimProcess::SimProcess(std::vector<std::string> extra_args, bool with_rtu) {
    dir_ = make_temp_dir("tg-sim");
    control_path_ = dir_ + "/control.sock";
    std::vector<std::string> args{
        bin_dir() + "/treadguard-sim", "--tcp", "127.0.0.1:0", "--control", control_path_,
        "--status-interval",           "0"};
    if (with_rtu) {
        rtu_path_ = dir_ + "/rtu";
        args.push_back("--rtu");
        args.push_back(rtu_path_);
    }
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    child_ = std::make_unique<ChildProcess>(args);
    pid_ = child_->pid();
    const std::string ready = child_->wait_for_line("treadguard-sim ready");
    std::smatch m;
    if (!std::regex_search(ready, m, std::regex("tcp=[^ ]*:([0-9]+)")))
        throw std::runtime_error("unexpected ready line: " + ready);
    tcp_port_ = std::stoi(m[1]);
}

SimProcess::~SimProcess() {
    child_.reset();
    std::string cleanup = "rm -rf '" + dir_ + "'";
    (void)std::system(cleanup.c_str());
}

std::string SimProcess::control(const std::string& command) const {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, control_path_.c_str(), sizeof addr.sun_path - 1);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        throw std::runtime_error("cannot reach the sim's control socket");
    }
    std::string line = command + "\n";
    if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        close(fd);
        throw std::runtime_error("control write failed");
    }
    std::string reply;
    char c = 0;
    while (read(fd, &c, 1) == 1 && c != '\n')
        reply.push_back(c);
    close(fd);
    return reply;
}

CommandResult run_command(const std::string& command, int timeout_s) {
    CommandResult result;
    const std::string wrapped =
        "timeout -k 2 " + std::to_string(timeout_s) + " sh -c '" + command + "' 2>&1";
    FILE* pipe = popen(wrapped.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr)
        result.output += buf.data();
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

bool have_program(const std::string& name) {
    return run_command("command -v " + name + " >/dev/null").exit_code == 0;
}

} // namespace tg::testing
