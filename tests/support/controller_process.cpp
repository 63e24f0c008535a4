#include "tests/support/controller_process.hpp"

#include <cstdlib>
#include <stdexcept>

namespace tg::testing {

ControllerProcess::ControllerProcess(const SimProcess& sim, std::vector<std::string> extra,
                                     const std::string& store_dir) {
    dir_ = make_temp_dir("tg-ctl");
    api_ = dir_ + "/api.sock";
    store_ = (store_dir.empty() ? dir_ : store_dir) + "/treadguard.db";
    std::vector<std::string> args{bin_dir() + "/treadguard-controller",
                                  "--modbus",
                                  "tcp:127.0.0.1:" + std::to_string(sim.tcp_port()),
                                  "--api",
                                  api_,
                                  "--store",
                                  store_};
    args.insert(args.end(), extra.begin(), extra.end());
    child_ = std::make_unique<ChildProcess>(args);
    child_->wait_for_line("treadguard-controller: drive", 15);
}

ControllerProcess::~ControllerProcess() {
    child_.reset();
    (void)std::system(("rm -rf '" + dir_ + "'").c_str());
}

std::unique_ptr<cli::ApiClient> ControllerProcess::client() const {
    return std::make_unique<cli::ApiClient>(api_);
}

nlohmann::json ControllerProcess::call(const nlohmann::json& request) const {
    cli::ApiClient c(api_);
    if (!c.connected()) throw std::runtime_error(c.error());
    auto reply = c.call(request);
    if (!reply) throw std::runtime_error("no reply to " + request.dump() + ": " + c.error());
    return *reply;
}

void ControllerProcess::kill_hard() {
    if (child_) child_->kill_now();
}

} // namespace tg::testing
