#pragma once
// Reply bodies several command groups build the same way: an error, a store failure in the
// API's codes, a runner as the contract has it.
#include "controller/store/records.hpp"
#include "controller/store/store_result.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tg::service {

nlohmann::json error_reply(std::string_view code, const std::string& message);
// not_found and a refused value (invalid_argument) keep their meaning; the rest is "store".
nlohmann::json store_error(const store::Error& e);
nlohmann::json runner_json(const store::Runner& r);

} // namespace tg::service
