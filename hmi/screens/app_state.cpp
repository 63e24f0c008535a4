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

namespace {

// The reply's body read as T, or why it could not be: the controller's refusal or a reply
// that does not match the contract.
template <class T>
void keep(Fetched<T>& into, const ApiReply& r) {
    into.loading = false;
    if (!r.ok) {
        into.error = reply_error_text(r);
        return;
    }
    auto decoded = api::decode<T>(r.body);
    if (!decoded.ok()) {
        into.error = "the controller's reply does not match the API contract: " + decoded.error();
        return;
    }
    into.value = std::move(decoded.value());
    into.error.clear();
}

} // namespace

void request_summary(ApiClient& api, AppState& s, long long session_id, double now_s) {
    s.summary.loading = true;
    s.summary.at_s = now_s;
    ++s.summary.attempts;
    AppState* st = &s;
    api.request(nlohmann::json(api::SessionsShowRequest{session_id}),
                [st](const ApiReply& r) { keep(st->summary, r); });
}

void request_audit(ApiClient& api, AppState& s, const std::string& pin, double now_s) {
    s.audit.loading = true;
    s.audit.at_s = now_s;
    AppState* st = &s;
    api.request(nlohmann::json(api::PinRequest{"audit", pin}), [st](const ApiReply& r) {
        Fetched<api::AuditReply> reply;
        keep(reply, r);
        st->audit.loading = false;
        st->audit.error = reply.error;
        if (reply.value) st->audit.value = std::move(reply.value->entries);
    });
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
