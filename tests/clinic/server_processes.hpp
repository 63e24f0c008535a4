#pragma once
// The real servers a clinic test needs, as child processes on free loopback ports, each in
// its own temporary directory: Mosquitto (password file + ACL, hw/clinic's layout) and
// PostgreSQL (initdb + postgres, the roles of hw/clinic/postgres-roles.sql). PostgreSQL
// refuses to run as root, so when the tests run as root both run as nobody (setpriv).
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tg::testing {

// A child process whose stdout and stderr go to a log file.
class LoggedProcess {
public:
    LoggedProcess(std::vector<std::string> argv, const std::string& log_path);
    ~LoggedProcess(); // SIGTERM, then SIGKILL after 5 s
    LoggedProcess(const LoggedProcess&) = delete;
    LoggedProcess& operator=(const LoggedProcess&) = delete;
    int pid() const { return pid_; }
    bool running();
    // Sends `signal` and waits for the exit (SIGKILL after timeout_s).
    void stop(int signal, int timeout_s = 10);

private:
    int pid_ = -1;
};

// Prefix for commands that must not run as root (empty when we are not root).
std::vector<std::string> unprivileged_prefix();
// A directory the unprivileged user owns.
std::string make_unprivileged_dir(const std::string& prefix);
int free_loopback_port();
bool wait_for_port(int port, int timeout_s);
std::string read_text_file(const std::string& path);

class MosquittoServer {
public:
    // users: name -> password. The ACL is hw/clinic's, for `clinic`.
    MosquittoServer(const std::string& clinic, const std::map<std::string, std::string>& users);
    ~MosquittoServer();
    void start();
    void stop(); // SIGTERM: the broker saves its queues (persistence) on the way out
    int port() const { return port_; }
    std::string log() const { return read_text_file(dir_ + "/mosquitto.log"); }
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
    int port_ = 0;
    std::unique_ptr<LoggedProcess> process_;
};

class PostgresServer {
public:
    // initdb, start, and hw/clinic/postgres-roles.sql with `clinic_password`.
    explicit PostgresServer(const std::string& clinic_password);
    ~PostgresServer();
    void start();
    void stop(); // fast shutdown (SIGINT): open connections are cut
    int port() const { return port_; }
    // The libpq connection string treadguard-clinic uses (TCP, the clinic role).
    std::string clinic_conninfo() const;
    // Runs SQL as the superuser on database treadguard; returns psql's unaligned output.
    std::string query(const std::string& sql) const;
    // The same, as the clinic role over TCP; exit code and output.
    std::pair<int, std::string> query_as_clinic(const std::string& sql) const;
    std::string log() const { return read_text_file(dir_ + "/postgres.log"); }

private:
    std::string dir_;
    std::string password_;
    int port_ = 0;
    std::unique_ptr<LoggedProcess> process_;
};

// treadguard-clinic against those two, with its config and secret files in its own dir.
class ClinicServerProcess {
public:
    ClinicServerProcess(const std::string& clinic, const MosquittoServer& broker,
                        const std::string& mqtt_password, const PostgresServer& db);
    ~ClinicServerProcess();
    bool running() { return process_ && process_->running(); }
    int pid() const { return process_ ? process_->pid() : -1; }
    std::string log() const { return read_text_file(dir_ + "/clinic.log"); }
    void stop();

private:
    std::string dir_;
    std::unique_ptr<LoggedProcess> process_;
};

} // namespace tg::testing
