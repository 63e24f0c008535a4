// The clinician's and the runner's answers the protocol asks for (issue 12): a runner's
// record changed field by field, an escalation cleared with a reason, and the entry checks
// of a first run. Each is validated here, stored, audited and followed by a re-plan, so the
// treadmill's plan and its start refusal follow at once.
#include "controller/api/api_requests.hpp"
#include "controller/service/api_handlers.hpp"
#include "controller/service/api_reply_builders.hpp"
#include "controller/service/api_request_fields.hpp"
#include "controller/service/audit_entry.hpp"
#include "controller/service/plan_loading.hpp"
#include "controller/service/protocol_bridge.hpp"

#include <sstream>

namespace tg::service {

using json = nlohmann::json;
namespace bounds = api::bounds;

namespace {

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// One audited change of one field: "old -> new" stays readable in the audit list.
struct FieldChange {
    std::string field, old_value, new_value;
};

void change(std::vector<FieldChange>& changes, const char* field, double& value,
            const std::optional<double>& to) {
    if (!to || *to == value) return;
    changes.push_back({field, number_text(value), number_text(*to)});
    value = *to;
}

json entry_checks_json(const protocol::DayPlan& plan) {
    json out = json::array();
    for (const auto& c : plan.entry_checks)
        out.push_back({{"id", c.id},
                       {"question", c.question},
                       {"asked_of", c.asked_of},
                       {"passed", c.passed}});
    return out;
}

} // namespace

bool ApiHandlers::review_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                                  const json& req, const Send& send) {
    if (cmd == "runners.update") {
        update_runner(db, caller, req, send);
    } else if (cmd == "review.clear") {
        clear_review(db, caller, req, send);
    } else if (cmd == "entry_check") {
        answer_entry_check(db, caller, req, send);
    } else {
        return false;
    }
    return true;
}

void ApiHandlers::update_runner(store::Store& db, const Caller& caller, const json& req,
                                const Send& send) {
    const auto update = decode_request<api::RunnersUpdateRequest>(req);
    const auto& why = text(update.why, "why", bounds::why_bytes);
    auto found = db.find_runner(text(update.runner, "runner", bounds::name_bytes));
    if (!found.ok()) return send(store_error(found.error()));
    // Values are checked before the PIN: a typo costs no PIN attempt.
    const auto mass = in_range(update.mass_kg, "mass_kg", bounds::body_mass_kg);
    const auto cadence =
        in_range(update.preferred_cadence_spm, "preferred_cadence_spm", bounds::cadence_spm);
    const bool remeasure = update.remeasure_cadence.value_or(false);
    if (remeasure && cadence)
        throw RequestError("give either preferred_cadence_spm or remeasure_cadence, not both");
    const auto speed =
        in_range(update.target_speed_kmh, "target_speed_kmh", bounds::target_speed_kmh);
    const auto minutes =
        in_range(update.target_duration_min, "target_duration_min", bounds::target_duration_min);
    const auto runs = whole_in_range(update.runs_per_week, "runs_per_week", bounds::runs_per_week);
    const auto notes = text(update.notes, "notes", bounds::notes_bytes);
    std::optional<store::InjurySide> side;
    if (update.injury_side) {
        side = store::parse_injury_side(*update.injury_side);
        if (!side) throw RequestError("'injury_side' must be left, right, both or none");
    }
    if (auto bad = check_pin(db, caller, update.pin)) return send(error_reply("pin", *bad));

    store::Runner r = found.value();
    std::vector<FieldChange> changes;
    change(changes, "mass_kg", r.body_mass_kg, mass);
    change(changes, "preferred_cadence_spm", r.preferred_cadence_spm, cadence);
    change(changes, "target_speed_kmh", r.target_speed_kmh, speed);
    change(changes, "target_duration_min", r.target_duration_min, minutes);
    if (runs && *runs != r.target_runs_per_week) {
        changes.push_back(
            {"runs_per_week", std::to_string(r.target_runs_per_week), std::to_string(*runs)});
        r.target_runs_per_week = static_cast<int>(*runs);
    }
    if (side && *side != r.injury_side) {
        changes.push_back({"injury_side", store::injury_side_name(r.injury_side),
                           store::injury_side_name(*side)});
        r.injury_side = *side;
    }
    if (notes && *notes != r.injury_notes) {
        changes.push_back({"notes", r.injury_notes, *notes});
        r.injury_notes = *notes;
    }
    if (update.metronome_muted && *update.metronome_muted != r.metronome_muted) {
        changes.push_back({"metronome_muted", r.metronome_muted ? "true" : "false",
                           *update.metronome_muted ? "true" : "false"});
        r.metronome_muted = *update.metronome_muted;
    }
    const auto today = clinic_date(config_.time_zone, wall_ms());
    if (remeasure) {
        // The typed-in anchor goes; the first session from today with running steps sets it.
        changes.push_back(
            {"cadence_baseline",
             r.preferred_cadence_spm > 0 ? number_text(r.preferred_cadence_spm) : "measured",
             "measure again from " + today});
        r.preferred_cadence_spm = 0;
    }
    if (changes.empty())
        return send(error_reply("refused", "nothing to change: every given value is the "
                                           "runner's already"));
    if (auto s = db.update_runner(r); !s.ok()) return send(store_error(s.error()));
    if (remeasure) {
        if (auto s = db.set_setting(cadence_remeasure_key(r), today); !s.ok())
            return send(store_error(s.error()));
    }
    for (const auto& c : changes)
        (void)db.append_audit(audit_entry("clinician", caller.client,
                                          "runners.update " + r.name + " " + c.field, c.old_value,
                                          c.new_value, why));
    work_.to_io([this] { loop_.replan(); });
    send({{"ok", true}, {"runner", runner_json(r)}});
}

void ApiHandlers::clear_review(store::Store& db, const Caller& caller, const json& req,
                               const Send& send) {
    const auto clear = decode_request<api::ReviewClearRequest>(req);
    const auto& why = text(clear.why, "why", bounds::why_bytes);
    auto found = db.find_runner(text(clear.runner, "runner", bounds::name_bytes));
    if (!found.ok()) return send(store_error(found.error()));
    if (auto bad = check_pin(db, caller, clear.pin)) return send(error_reply("pin", *bad));
    const auto now = wall_ms();
    auto plan = load_today_plan(db, config_, found.value(), now);
    if (auto* e = std::get_if<PlanLoadError>(&plan))
        return send(error_reply("refused", e->message));
    const auto& today = std::get<protocol::DayPlan>(plan);
    if (!today.clinician_review_needed)
        return send(error_reply("refused", "no clinician review is pending for " + found->name +
                                               ": nothing to clear"));
    store::ClinicianClearance c;
    c.runner_id = found->id;
    c.date = clinic_date(config_.time_zone, now);
    c.clinician = "clinician";
    c.reason = why;
    c.when_unix_ms = now;
    if (auto id = db.add_clearance(c); !id.ok()) return send(store_error(id.error()));
    (void)db.append_audit(audit_entry("clinician", caller.client, "review.clear " + found->name,
                                      today.review_reason, "cleared", why));
    work_.to_io([this] { loop_.replan(); });
    send({{"ok", true}, {"runner", found->name}, {"cleared", today.review_reason}});
}

void ApiHandlers::answer_entry_check(store::Store& db, const Caller& caller, const json& req,
                                     const Send& send) {
    const auto answer = decode_request<api::EntryCheckRequest>(req);
    auto found = db.find_runner(text(answer.runner, "runner", bounds::name_bytes));
    if (!found.ok()) return send(store_error(found.error()));
    const auto& id = text(answer.check_id, "check_id", bounds::name_bytes);
    const auto notes = text(answer.notes, "notes", bounds::notes_bytes);
    const auto now = wall_ms();
    auto plan = load_today_plan(db, config_, found.value(), now);
    if (auto* e = std::get_if<PlanLoadError>(&plan))
        return send(error_reply("refused", e->message));
    const auto& today = std::get<protocol::DayPlan>(plan);
    const protocol::EntryCheck* check = nullptr;
    for (const auto& c : today.entry_checks)
        if (c.id == id) check = &c;
    if (!check)
        return send(error_reply(
            "refused",
            "'" + id + "' is not an entry check of " + found->name + "'s next run" +
                (today.entry_checks.empty() ? " (it has none: not a first session)" : "")));
    // What the clinician answers needs the clinician; the runner answers on the treadmill.
    if (check->asked_of == "clinician") {
        if (auto bad = check_pin(db, caller, answer.pin)) return send(error_reply("pin", *bad));
    }
    store::EntryCheckAnswer a;
    a.runner_id = found->id;
    a.date = clinic_date(config_.time_zone, now);
    a.check_id = id;
    a.passed = answer.passed;
    a.answered_by = check->asked_of;
    a.notes = notes.value_or("");
    a.when_unix_ms = now;
    if (auto row = db.add_entry_check(a); !row.ok()) return send(store_error(row.error()));
    (void)db.append_audit(audit_entry(check->asked_of, caller.client,
                                      "entry_check " + found->name + " " + id, "",
                                      answer.passed ? "passed" : "not passed", a.notes));
    auto after = load_today_plan(db, config_, found.value(), now);
    json checks = json::array();
    if (auto* p = std::get_if<protocol::DayPlan>(&after)) checks = entry_checks_json(*p);
    work_.to_io([this] { loop_.replan(); });
    send({{"ok", true}, {"runner", found->name}, {"entry_checks", checks}});
}

} // namespace tg::service
