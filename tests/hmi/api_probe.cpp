#include "tests/hmi/api_probe.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tg::testing {
namespace {

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void nap() {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

} // namespace

ApiProbe::ApiProbe(const std::string& socket_path, double timeout_s) : socket_(socket_path) {
    const double deadline = now_s() + timeout_s;
    std::string error;
    while (!socket_.open(error)) {
        if (now_s() > deadline) throw std::runtime_error("cannot connect to the API: " + error);
        nap();
    }
}

nlohmann::json ApiProbe::call(nlohmann::json command, double timeout_s) {
    const long long id = next_id_++;
    command["v"] = 1;
    command["id"] = id;
    socket_.send_line(command.dump());
    const double deadline = now_s() + timeout_s;
    while (now_s() < deadline) {
        std::vector<std::string> lines;
        std::string error;
        if (!socket_.pump(lines, error)) throw std::runtime_error("API connection lost: " + error);
        for (const std::string& line : lines) {
            const nlohmann::json reply = nlohmann::json::parse(line, nullptr, false);
            if (reply.is_object() && !reply.contains("event") && reply.value("id", -1LL) == id)
                return reply;
        }
        nap();
    }
    throw std::runtime_error("no reply to " + command.dump());
}

nlohmann::json ApiProbe::status() {
    const nlohmann::json reply = call({{"cmd", "status"}});
    if (!reply.value("ok", false)) throw std::runtime_error("status failed: " + reply.dump());
    return reply.at("status");
}

nlohmann::json ApiProbe::wait_status(const std::function<bool(const nlohmann::json&)>& ok,
                                     double timeout_s) {
    const double deadline = now_s() + timeout_s;
    nlohmann::json last = status();
    while (!ok(last) && now_s() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        last = status();
    }
    return last;
}

} // namespace tg::testing
