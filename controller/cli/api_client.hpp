#pragma once
// A blocking client of the controller's API socket, for the command line: one request,
// one reply (events in between are skipped), with a time limit.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tg::cli {

inline constexpr int exit_unavailable = 3; // the controller could not be reached

class ApiClient {
public:
    // Connects; on failure error() says why in plain words.
    explicit ApiClient(const std::string& socket_path);
    ~ApiClient();
    ApiClient(const ApiClient&) = delete;
    ApiClient& operator=(const ApiClient&) = delete;

    bool connected() const { return fd_ >= 0; }
    const std::string& error() const { return error_; }
    // Sends `request` (v and id are added) and waits for its reply.
    std::optional<nlohmann::json> call(nlohmann::json request,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // The next line from the server (events after `subscribe`), or nothing on timeout/EOF.
    std::optional<nlohmann::json> next(std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
    int next_id_ = 1;
    std::string buffer_;
    std::string error_;
    std::string path_;
};

// The socket path: `--api PATH` from the arguments, else the default.
std::string api_path_from(const std::vector<std::string>& args);

} // namespace tg::cli
