#pragma once
// What each API command does (API.md). Every request is validated field by field; a bad
// one gets an error reply and changes nothing.
#include "controller/service/api_session.hpp"
#include "controller/service/control_loop.hpp"

#include <string>

namespace tg::service {

class ApiHandlers {
public:
    ApiHandlers(ControlLoop& loop, store::Store& store, const ControllerConfig& config);

    void handle_line(const std::shared_ptr<ApiSession>& session, const std::string& line);
    // Whether any interactive client has said hello (the heartbeat rule applies then).
    bool interactive_seen() const { return interactive_seen_; }

private:
    using json = nlohmann::json;
    using Send = std::function<void(json)>;

    void dispatch(const std::shared_ptr<ApiSession>& session, const std::string& cmd,
                  const json& req, const Send& send);
    bool runner_commands(const std::string& cmd, const json& req, const Send& send);
    bool session_commands(const std::string& cmd, const json& req, const Send& send);
    bool clinician_commands(const std::string& cmd, const json& req, const Send& send);
    std::optional<std::string> check_pin(const json& req);

    ControlLoop& loop_;
    store::Store& store_;
    const ControllerConfig& config_;
    bool interactive_seen_ = false;
};

} // namespace tg::service
