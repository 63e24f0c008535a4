#include "hmi/screens/app_state.hpp"

#include <algorithm>

namespace tg::hmi {

void SessionTally::add(const ControllerStatus& status) {
    if (status.cadence_spm && *status.cadence_spm > 0) {
        cadence_sum += *status.cadence_spm;
        ++cadence_count;
    }
    if (status.valr_bw_s && *status.valr_bw_s > 0) {
        valr_sum += *status.valr_bw_s;
        ++valr_count;
        valr_max = std::max(valr_max, *status.valr_bw_s);
    }
    if (status.pain_last) pain_max = std::max(pain_max, *status.pain_last);
    if (status.limit) limit = status.limit;
}

void ScreenContext::tell(std::string text, bool error) {
    s.tell(std::move(text), error);
}

void ScreenContext::send(nlohmann::json command, std::function<void(const ApiReply&)> on_ok) {
    const std::string cmd = command.value("cmd", "");
    AppState* state = &s;
    api.request(std::move(command), [state, cmd, on_ok](const ApiReply& reply) {
        if (reply.ok) {
            if (on_ok) on_ok(reply);
            return;
        }
        state->tell(cmd + ": " + reply_error_text(reply), true);
    });
}

} // namespace tg::hmi
