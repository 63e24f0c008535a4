#pragma once
// What each API command does (API.md). Every request is validated field by field; a bad
// one gets an error reply and changes nothing.
//
// Threads: commands that steer the belt (start, stop, emergency stop, speed, ack, pain,
// limit) are answered on the io_context's thread, next to the control tick; stop and
// emergency stop act at once, ahead of anything queued. Everything that reads or writes
// the records, checks a PIN (Argon2, ~0.1 s) or builds an export runs on SlowWork's
// thread, so no client can stall the tick.
#include "controller/service/api_session.hpp"
#include "controller/service/control_loop.hpp"
#include "controller/service/pin_guard.hpp"
#include "controller/service/slow_work.hpp"

#include <string>

namespace tg::service {

class ApiHandlers {
public:
    ApiHandlers(ControlLoop& loop, SlowWork& work, const ControllerConfig& config);

    void handle_line(const std::shared_ptr<ApiSession>& session, const std::string& line);

private:
    using json = nlohmann::json;
    using Send = std::function<void(json)>;

    // Who sent a request, for the audit log and for decisions that depend on it.
    struct Caller {
        std::string client; // "hmi uid=1000 pid=42"
        bool local_hmi = false;
        std::uint64_t connection = 0;
    };

    void dispatch(const std::shared_ptr<ApiSession>& session, const std::string& cmd,
                  const json& req, const Send& send);
    bool belt_commands(const std::shared_ptr<ApiSession>& session, const Caller& caller,
                       const std::string& cmd, const json& req, const Send& send);
    void acknowledge(const Caller& caller, const json& req, const Send& send);
    void select_runner(const Caller& caller, const json& req, const Send& send);
    // Runs a records command on the worker thread; `send` is called back on the io thread.
    void on_worker(const Caller& caller, const std::string& cmd, const json& req, const Send& send);

    // Worker thread only.
    bool runner_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                         const json& req, const Send& send);
    bool session_commands(store::Store& db, const std::string& cmd, const json& req,
                          const Send& send);
    bool clinician_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                            const json& req, const Send& send);
    // report_commands.cpp: report (the progress report as PDF).
    bool report_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                         const json& req, const Send& send);
    // clinical_review_commands.cpp: runners.update, review.clear, entry_check.
    bool review_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                         const json& req, const Send& send);
    void update_runner(store::Store& db, const Caller& caller, const json& req, const Send& send);
    void clear_review(store::Store& db, const Caller& caller, const json& req, const Send& send);
    void answer_entry_check(store::Store& db, const Caller& caller, const json& req,
                            const Send& send);
    std::optional<std::string> check_pin(store::Store& db, const Caller& caller,
                                         const std::optional<std::string>& pin);

    Caller caller_of(const ApiSession& session) const;

    ControlLoop& loop_;
    SlowWork& work_;
    const ControllerConfig& config_;
    PinGuard pins_; // worker thread only
};

// Parses one request line; refuses duplicate keys at any depth (the last one would win
// silently, so "kmh":3,"kmh":15 must not mean 15). Discarded on any error.
nlohmann::json parse_request(const std::string& line, std::string& error);

} // namespace tg::service
