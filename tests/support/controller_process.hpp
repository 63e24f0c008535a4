#pragma once
// treadguard-sim + treadguard-controller as child processes for end-to-end tests, with a
// private store and API socket, and an API client to drive them.
#include "controller/cli/api_client.hpp"
#include "tests/support/sim_process.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tg::testing {

class ControllerProcess {
public:
    // Starts the controller against `sim` (TCP). `extra` is appended to its arguments.
    ControllerProcess(const SimProcess& sim, std::vector<std::string> extra = {},
                      const std::string& store_dir = {});
    ~ControllerProcess();

    const std::string& api_path() const { return api_; }
    const std::string& store_path() const { return store_; }
    int pid() const { return child_ ? child_->pid() : -1; }
    // A new API connection (each test call may use its own).
    std::unique_ptr<cli::ApiClient> client() const;
    // One request on a fresh connection; FAILs the test if the controller does not answer.
    nlohmann::json call(const nlohmann::json& request) const;
    nlohmann::json status() const { return call({{"cmd", "status"}})["status"]; }
    // SIGKILL: no chance to clean up (tests the store's durability and the drive watchdog).
    void kill_hard();

private:
    std::string dir_;
    std::string api_;
    std::string store_;
    std::unique_ptr<ChildProcess> child_;
};

} // namespace tg::testing
