#pragma once
// A tiny blocking client of the controller API for tests: asks, waits for the matching
// reply (skipping events), and polls the status until a condition holds.
#include "hmi/api/unix_line_socket.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace tg::testing {

class ApiProbe {
public:
    // Connects (retrying up to timeout_s); throws std::runtime_error if it cannot.
    explicit ApiProbe(const std::string& socket_path, double timeout_s = 10.0);
    // Sends the command and returns the whole reply; throws on timeout or disconnect.
    nlohmann::json call(nlohmann::json command, double timeout_s = 5.0);
    nlohmann::json status();
    // Polls the status until `ok` holds; returns the last status (check `ok` yourself).
    nlohmann::json wait_status(const std::function<bool(const nlohmann::json&)>& ok,
                               double timeout_s);

private:
    hmi::UnixLineSocket socket_;
    long long next_id_ = 1;
};

} // namespace tg::testing
