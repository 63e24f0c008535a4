#include "tests/clinic/server_processes.hpp"

#include "tests/support/sim_process.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace tg::testing {

namespace fs = std::filesystem;

namespace {

constexpr uid_t nobody = 65534;
const std::string pg_bin = "/usr/lib/postgresql/15/bin/";

CommandResult run_command_raw(const std::string& command) {
    CommandResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr)
        result.output += buffer;
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
    if (getuid() == 0) (void)chown(path.c_str(), nobody, nobody);
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Like run_command, but any quoting inside `command` is kept.
CommandResult shell(const std::string& command, int timeout_s = 20) {
    return run_command_raw("timeout -k 2 " + std::to_string(timeout_s) + " sh -c " +
                           shell_quote(command) + " 2>&1");
}

std::string prefixed(const std::string& command) {
    std::string out;
    for (const auto& part : unprivileged_prefix())
        out += part + " ";
    return out + command;
}

} // namespace

std::vector<std::string> unprivileged_prefix() {
    if (getuid() != 0) return {};
    return {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
}

std::string make_unprivileged_dir(const std::string& prefix) {
    const std::string dir = make_temp_dir(prefix);
    if (getuid() == 0 && chown(dir.c_str(), nobody, nobody) != 0)
        throw std::runtime_error("cannot hand " + dir + " to nobody");
    return dir;
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

int free_loopback_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        close(fd);
        throw std::runtime_error("no free loopback port");
    }
    close(fd);
    return ntohs(address.sin_port);
}

bool wait_for_port(int port, int timeout_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<uint16_t>(port));
        const bool up = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
        close(fd);
        if (up) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

LoggedProcess::LoggedProcess(std::vector<std::string> args, const std::string& log_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
}

LoggedProcess::~LoggedProcess() {
    stop(SIGTERM, 5);
}

bool LoggedProcess::running() {
    if (pid_ <= 0) return false;
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
    return pid_ > 0;
}

void LoggedProcess::stop(int signal, int timeout_s) {
    if (pid_ <= 0) return;
    kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

MosquittoServer::MosquittoServer(const std::string& clinic,
                                 const std::map<std::string, std::string>& users)
    : dir_(make_unprivileged_dir("tg-mosquitto")), port_(free_loopback_port()) {
    const std::string passwd = dir_ + "/passwd";
    bool first = true;
    for (const auto& [user, password] : users) {
        const auto r = shell("mosquitto_passwd -b " + std::string(first ? "-c " : "") + passwd +
                             " " + user + " " + password);
        if (r.exit_code != 0) throw std::runtime_error("mosquitto_passwd: " + r.output);
        first = false;
    }
    if (getuid() == 0) (void)chown(passwd.c_str(), nobody, nobody);
    // The shipped ACL, for this clinic.
    std::string acl = read_text_file(source_dir() + "/hw/clinic/mosquitto/treadguard.acl.example");
    for (std::size_t at; (at = acl.find("clinic1")) != std::string::npos;)
        acl.replace(at, 7, clinic);
    write_file(dir_ + "/acl", acl);
    write_file(dir_ + "/mosquitto.conf",
               "per_listener_settings false\nallow_anonymous false\npassword_file " + passwd +
                   "\nacl_file " + dir_ + "/acl\npersistence true\npersistence_location " + dir_ +
                   "/\nautosave_interval 5\nmax_queued_messages 0\nlog_dest file " + dir_ +
                   "/mosquitto.log\nlog_type error\nlog_type warning\nlog_type notice\n"
                   "log_type information\nlistener " +
                   std::to_string(port_) + " 127.0.0.1\n");
    start();
}

MosquittoServer::~MosquittoServer() {
    stop();
    fs::remove_all(dir_);
}

void MosquittoServer::start() {
    auto argv = unprivileged_prefix();
    argv.insert(argv.end(), {"mosquitto", "-c", dir_ + "/mosquitto.conf"});
    process_ = std::make_unique<LoggedProcess>(argv, dir_ + "/stdout.log");
    if (!wait_for_port(port_, 15)) throw std::runtime_error("mosquitto did not start: " + log());
}

void MosquittoServer::stop() {
    if (process_) process_->stop(SIGTERM);
    process_.reset();
}

PostgresServer::PostgresServer(const std::string& clinic_password)
    : dir_(make_unprivileged_dir("tg-postgres")), password_(clinic_password),
      port_(free_loopback_port()) {
    const auto init = shell(prefixed(pg_bin + "initdb -D " + dir_ +
                                     "/data -U postgres -E UTF8 "
                                     "--auth-local=trust --auth-host=scram-sha-256 "
                                     "--no-sync >" +
                                     dir_ + "/initdb.log 2>&1"),
                            60);
    if (init.exit_code != 0)
        throw std::runtime_error("initdb failed: " + read_text_file(dir_ + "/initdb.log"));
    start();
    const auto roles =
        shell(prefixed("psql -q -h " + dir_ + " -p " + std::to_string(port_) +
                       " -U postgres -d postgres -v clinic_password=" + shell_quote(password_) +
                       " -f " + source_dir() + "/hw/clinic/postgres-roles.sql"),
              30);
    if (roles.exit_code != 0) throw std::runtime_error("postgres-roles.sql: " + roles.output);
}

PostgresServer::~PostgresServer() {
    stop();
    fs::remove_all(dir_);
}

void PostgresServer::start() {
    auto argv = unprivileged_prefix();
    argv.insert(argv.end(), {pg_bin + "postgres", "-D", dir_ + "/data", "-p", std::to_string(port_),
                             "-k", dir_, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                             "-c", "synchronous_commit=off", "-c", "full_page_writes=off"});
    process_ = std::make_unique<LoggedProcess>(argv, dir_ + "/postgres.log");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (shell(pg_bin + "pg_isready -q -h " + dir_ + " -p " + std::to_string(port_)).exit_code ==
            0)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("postgres did not start: " + log());
}

void PostgresServer::stop() {
    if (process_) process_->stop(SIGINT, 20);
    process_.reset();
}

std::string PostgresServer::clinic_conninfo() const {
    return "host=127.0.0.1 port=" + std::to_string(port_) +
           " dbname=treadguard user=treadguard_clinic password=" + password_ + " connect_timeout=3";
}

std::string PostgresServer::query(const std::string& sql) const {
    const auto r =
        shell(prefixed("psql -X -At -v ON_ERROR_STOP=1 -h " + dir_ + " -p " +
                       std::to_string(port_) + " -U postgres -d treadguard -c " + shell_quote(sql)),
              30);
    if (r.exit_code != 0) throw std::runtime_error("psql: " + sql + ": " + r.output);
    std::string out = r.output;
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

std::pair<int, std::string> PostgresServer::query_as_clinic(const std::string& sql) const {
    const auto r =
        shell("PGPASSWORD=" + shell_quote(password_) +
                  " psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + std::to_string(port_) +
                  " -U treadguard_clinic -d treadguard -c " + shell_quote(sql),
              30);
    return {r.exit_code, r.output};
}

ClinicServerProcess::ClinicServerProcess(const std::string& clinic, const MosquittoServer& broker,
                                         const std::string& mqtt_password, const PostgresServer& db)
    : dir_(make_temp_dir("tg-clinic-server")) {
    std::ofstream(dir_ + "/mqtt.password") << mqtt_password << "\n";
    std::ofstream(dir_ + "/postgres.conninfo") << db.clinic_conninfo() << "\n";
    std::ofstream(dir_ + "/clinic.toml")
        << "[mqtt]\nbroker_host = \"127.0.0.1\"\nbroker_port = " << broker.port() << "\nclinic = \""
        << clinic
        << "\"\nusername = \"treadguard-clinic\"\npassword_file = \"mqtt.password\"\n"
           "[postgres]\nconninfo_file = \"postgres.conninfo\"\n";
    process_ =
        std::make_unique<LoggedProcess>(std::vector<std::string>{bin_dir() + "/treadguard-clinic",
                                                                 "--config", dir_ + "/clinic.toml"},
                                        dir_ + "/clinic.log");
}

ClinicServerProcess::~ClinicServerProcess() {
    stop();
    fs::remove_all(dir_);
}

void ClinicServerProcess::stop() {
    if (process_) process_->stop(SIGTERM);
    process_.reset();
}

} // namespace tg::testing
