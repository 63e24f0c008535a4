#include "controller/store/end_reason.hpp"

#include <array>
#include <string>
#include <utility>

namespace tg::store {

namespace {

constexpr std::array<std::pair<EndReason, const char*>, 11> end_reasons{{
    {EndReason::limit_coming, "limit_coming"},
    {EndReason::pain, "pain"},
    {EndReason::duration_cap, "duration_cap"},
    {EndReason::completed, "completed"},
    {EndReason::operator_stop, "operator_stop"},
    {EndReason::emergency_stop, "emergency_stop"},
    {EndReason::fault, "fault"},
    {EndReason::link_loss, "link_loss"},
    {EndReason::runner_off_belt, "runner_off_belt"},
    {EndReason::client_lost, "client_lost"},
    {EndReason::interrupted, "interrupted"},
}};

} // namespace

const char* end_reason_name(EndReason reason) {
    for (const auto& [value, name] : end_reasons)
        if (value == reason) return name;
    return "unknown";
}

Result<EndReason> parse_end_reason(std::string_view text) {
    for (const auto& [value, name] : end_reasons)
        if (text == name) return value;
    std::string known;
    for (const auto& entry : end_reasons)
        known += (known.empty() ? "" : ", ") + std::string(entry.second);
    return make_error(ErrorCode::invalid_argument, "unknown session end reason '" +
                                                       std::string(text) + "' (known: " + known +
                                                       ")");
}

} // namespace tg::store
