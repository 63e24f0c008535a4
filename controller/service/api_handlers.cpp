#include "controller/service/api_handlers.hpp"

#include "controller/protocol/clinician_override.hpp"
#include "controller/protocol/plan_forecast.hpp"
#include "controller/protocol/plan_json.hpp"
#include "controller/protocol/plan_text.hpp"
#include "controller/service/api_request_fields.hpp"
#include "controller/service/protocol_bridge.hpp"
#include "controller/store/clinician_pin.hpp"
#include "controller/store/session_export.hpp"

#include <fstream>
#include <sstream>

namespace tg::service {

using json = nlohmann::json;

namespace {

constexpr int kApiVersion = 1;

json error_reply(const char* code, const std::string& message) {
    return {{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
}

json store_error(const store::Error& e) {
    return error_reply(e.code == store::ErrorCode::not_found ? "not_found" : "store", e.message);
}

json runner_json(const store::Runner& r) {
    return {{"id", r.id},
            {"name", r.name},
            {"mass_kg", r.body_mass_kg},
            {"preferred_cadence_spm",
             r.preferred_cadence_spm > 0 ? json(r.preferred_cadence_spm) : json(nullptr)},
            {"injury_side", store::injury_side_name(r.injury_side)},
            {"notes", r.injury_notes},
            {"target_speed_kmh", r.target_speed_kmh},
            {"target_duration_min", r.target_duration_min},
            {"runs_per_week", r.target_runs_per_week},
            {"profile", r.profile_name.empty() ? "pain-free-limit" : r.profile_name}};
}

json session_json(const store::Session& s) {
    return {{"id", s.id},
            {"runner_id", s.runner_id},
            {"start_utc", s.start_utc},
            {"end_utc", s.end_utc ? json(*s.end_utc) : json(nullptr)},
            {"profile", s.profile_name},
            {"end_reason", s.end_reason ? json(*s.end_reason) : json(nullptr)},
            {"pain_free_limit_s", s.pain_free_limit_s ? json(*s.pain_free_limit_s) : json(nullptr)},
            {"pain_free_limit_kmh",
             s.pain_free_limit_kmh ? json(*s.pain_free_limit_kmh) : json(nullptr)},
            {"max_pain", s.max_pain ? json(*s.max_pain) : json(nullptr)},
            {"steps", s.totals.step_count},
            {"run_time_s", s.totals.run_time_s},
            {"caps",
             {{"speed_kmh", s.caps.speed_kmh},
              {"duration_s", s.caps.duration_s},
              {"pain_threshold", s.caps.pain_stop_threshold}}}};
}

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

ApiHandlers::ApiHandlers(ControlLoop& loop, store::Store& store, const ControllerConfig& config)
    : loop_(loop), store_(store), config_(config) {}

void ApiHandlers::handle_line(const std::shared_ptr<ApiSession>& session, const std::string& line) {
    json req = json::parse(line, nullptr, false);
    json id = nullptr;
    std::weak_ptr<ApiSession> weak = session;
    auto send = [weak, &id](json body) {
        (void)id;
        if (auto s = weak.lock()) s->send(body);
    };
    if (req.is_discarded() || !req.is_object()) {
        send({{"v", kApiVersion},
              {"id", nullptr},
              {"ok", false},
              {"error", {{"code", "bad_json"}, {"message", "each line must be one JSON object"}}}});
        return;
    }
    if (auto it = req.find("id"); it != req.end() && (it->is_number_integer() || it->is_string()))
        id = *it;
    const json reply_id = id;
    auto reply = [weak, reply_id](json body) {
        body["v"] = kApiVersion;
        body["id"] = reply_id;
        if (auto s = weak.lock()) s->send(body);
    };
    auto v = req.find("v");
    if (v != req.end() && !(v->is_number_integer() && v->get<long long>() == kApiVersion)) {
        reply(error_reply("version", "this controller speaks API version 1"));
        return;
    }
    auto cmd = req.find("cmd");
    if (cmd == req.end() || !cmd->is_string()) {
        reply(error_reply("bad_request", "'cmd' is required (string)"));
        return;
    }
    try {
        dispatch(session, cmd->get<std::string>(), req, reply);
    } catch (const RequestError& e) {
        reply(error_reply("bad_request", e.what()));
    } catch (const json::exception& e) {
        reply(error_reply("bad_request", e.what()));
    }
}

void ApiHandlers::dispatch(const std::shared_ptr<ApiSession>& session, const std::string& cmd,
                           const json& req, const Send& send) {
    if (cmd == "hello") {
        session->client = optional_string(req, "client", 64).value_or("unknown");
        session->interactive = optional_bool(req, "interactive", false);
        if (session->interactive) {
            interactive_seen_ = true;
            loop_.heartbeat(Clock::now());
        }
        send({{"ok", true}, {"api_version", kApiVersion}, {"controller_version", "0.1.0"}});
    } else if (cmd == "heartbeat") {
        loop_.heartbeat(Clock::now());
        send({{"ok", true}});
    } else if (cmd == "status") {
        send({{"ok", true}, {"status", loop_.status(Clock::now())}});
    } else if (cmd == "subscribe") {
        session->subscribe_hz = optional_number(req, "rate_hz", 1, 50).value_or(20);
        session->next_status = {};
        send({{"ok", true}, {"rate_hz", session->subscribe_hz}});
    } else if (cmd == "devices") {
        send({{"ok", true}, {"devices", loop_.devices()}});
    } else if (!runner_commands(cmd, req, send) && !session_commands(cmd, req, send) &&
               !clinician_commands(cmd, req, send)) {
        send(error_reply("unknown_command", "unknown command '" + cmd + "'"));
    }
}

bool ApiHandlers::runner_commands(const std::string& cmd, const json& req, const Send& send) {
    if (cmd == "runners.list") {
        auto runners = store_.list_runners();
        if (!runners.ok()) return send(store_error(runners.error())), true;
        json list = json::array();
        for (const auto& r : runners.value())
            list.push_back(runner_json(r));
        send({{"ok", true}, {"runners", list}});
    } else if (cmd == "runners.add") {
        store::Runner r;
        r.name = required_string(req, "name", 80);
        r.body_mass_kg = required_number(req, "mass_kg", 20, 250);
        r.preferred_cadence_spm =
            optional_number(req, "preferred_cadence_spm", 100, 230).value_or(0);
        auto side =
            store::parse_injury_side(optional_string(req, "injury_side", 16).value_or("none"));
        if (!side) throw RequestError("'injury_side' must be left, right, both or none");
        r.injury_side = *side;
        r.injury_notes = optional_string(req, "notes").value_or("");
        r.target_speed_kmh = optional_number(req, "target_speed_kmh", 4, 20).value_or(10);
        r.target_duration_min = optional_number(req, "target_duration_min", 5, 180).value_or(30);
        r.target_runs_per_week =
            static_cast<int>(optional_number(req, "runs_per_week", 1, 7).value_or(3));
        r.profile_name = optional_string(req, "profile", 64).value_or("pain-free-limit");
        if (auto profile = runner_profile(config_.profiles_dir, r);
            std::holds_alternative<PlanError>(profile))
            throw RequestError(std::get<PlanError>(profile).message);
        auto id = store_.add_runner(r);
        if (!id.ok()) return send(store_error(id.error())), true;
        r.id = id.value();
        send({{"ok", true}, {"runner", runner_json(r)}});
    } else if (cmd == "runner.select") {
        loop_.submit({RequestKind::select_runner, 0, required_string(req, "name", 80)}, send);
    } else if (cmd == "plan") {
        const auto name = optional_string(req, "runner", 80);
        std::optional<store::Runner> runner = loop_.runner();
        if (name) {
            auto found = store_.find_runner(*name);
            if (!found.ok()) return send(store_error(found.error())), true;
            runner = found.value();
        }
        if (!runner) throw RequestError("'runner' is required when no runner is selected");
        auto profile = runner_profile(config_.profiles_dir, *runner);
        if (auto* e = std::get_if<PlanError>(&profile))
            return send(error_reply("refused", e->message)), true;
        auto history = engine_history(store_, *runner);
        if (!history.ok()) return send(store_error(history.error())), true;
        auto first = day_of_unix_ms(wall_ms());
        if (auto date = optional_string(req, "date", 10)) {
            auto d = protocol::parse_day(*date);
            if (!d) throw RequestError("'date' must be YYYY-MM-DD");
            first = *d;
        }
        const int days = static_cast<int>(optional_number(req, "days", 1, 28).value_or(1));
        auto plans = protocol::plan_days(std::get<protocol::Profile>(profile),
                                         engine_runner(*runner), history.value(), first, days);
        send({{"ok", true},
              {"runner", runner->name},
              {"plans", protocol::plans_json(plans)},
              {"text", protocol::plans_text(plans)}});
    } else if (cmd == "checkin") {
        auto runner = store_.find_runner(required_string(req, "runner", 80));
        if (!runner.ok()) return send(store_error(runner.error())), true;
        store::CheckIn c;
        c.runner_id = runner->id;
        c.date = optional_string(req, "date", 10)
                     .value_or(protocol::format_day(day_of_unix_ms(wall_ms())));
        if (!protocol::parse_day(c.date)) throw RequestError("'date' must be YYYY-MM-DD");
        c.pain_vs_baseline = optional_bool(req, "pain_above_baseline", false) ? 1 : 0;
        c.swelling = optional_bool(req, "swelling", false);
        c.stiffness = optional_bool(req, "stiffness", false);
        c.notes = optional_string(req, "notes").value_or("");
        auto s = store_.add_checkin(c);
        if (!s.ok()) return send(store_error(s.error())), true;
        const bool symptoms = c.pain_vs_baseline > 0 || c.swelling || c.stiffness;
        send({{"ok", true},
              {"advice",
               symptoms
                   ? "Symptoms after running: today is a rest day, and the plan will not progress."
                   : "No symptoms: the plan continues."}});
    } else {
        return false;
    }
    return true;
}

bool ApiHandlers::session_commands(const std::string& cmd, const json& req, const Send& send) {
    if (cmd == "start") {
        loop_.submit({RequestKind::start, 0, {}}, send);
    } else if (cmd == "stop") {
        loop_.submit({RequestKind::stop, 0, {}}, send);
    } else if (cmd == "emergency_stop") {
        loop_.submit({RequestKind::emergency_stop, 0, {}}, send);
    } else if (cmd == "speed") {
        loop_.submit({RequestKind::speed, required_number(req, "kmh", 0, 30), {}}, send);
    } else if (cmd == "fault.ack") {
        loop_.submit({RequestKind::acknowledge, 0, {}}, send);
    } else if (cmd == "pain") {
        send(loop_.report_pain(static_cast<int>(required_integer(req, "level", 0, 10))));
    } else if (cmd == "limit") {
        send(loop_.limit_coming());
    } else if (cmd == "sessions.list") {
        std::vector<store::Runner> runners;
        if (auto name = optional_string(req, "runner", 80)) {
            auto r = store_.find_runner(*name);
            if (!r.ok()) return send(store_error(r.error())), true;
            runners.push_back(r.value());
        } else {
            auto all = store_.list_runners();
            if (!all.ok()) return send(store_error(all.error())), true;
            runners = all.value();
        }
        json list = json::array();
        for (const auto& r : runners) {
            auto sessions = store_.list_sessions(r.id);
            if (!sessions.ok()) return send(store_error(sessions.error())), true;
            for (const auto& s : sessions.value()) {
                auto j = session_json(s);
                j["runner"] = r.name;
                list.push_back(j);
            }
        }
        send({{"ok", true}, {"sessions", list}});
    } else if (cmd == "sessions.show") {
        const auto id =
            required_integer(req, "session_id", 1, std::numeric_limits<std::int64_t>::max());
        auto summary = store_.session_summary(id);
        if (!summary.ok()) return send(store_error(summary.error())), true;
        json pain = json::array();
        for (const auto& p : summary->pain_reports)
            pain.push_back({{"t_s", p.t_s}, {"pain", p.pain}});
        json alarms = json::array();
        for (const auto& a : summary->alarms)
            alarms.push_back({{"t_s", a.t_s}, {"code", a.code}, {"reason", a.reason}});
        auto j = session_json(summary->session);
        j["runner"] = summary->runner_name;
        send({{"ok", true},
              {"session", j},
              {"steps_count", summary->step_count},
              {"mean_cadence_spm", summary->mean_cadence_spm},
              {"max_valr_bw_s", summary->max_valr_bw_s},
              {"pain", pain},
              {"alarms", alarms}});
    } else if (cmd == "sessions.export") {
        const auto id =
            required_integer(req, "session_id", 1, std::numeric_limits<std::int64_t>::max());
        const auto format = optional_string(req, "format", 16).value_or("json");
        std::ostringstream out;
        store::Status s;
        if (format == "csv")
            s = store::export_session_csv(store_, id, out);
        else if (format == "json")
            s = store::export_session_json(store_, id, out);
        else if (format == "recording") {
            std::ifstream in(SessionRecording::path_for(loop_.recordings_dir(), id));
            if (!in)
                return send(error_reply("not_found",
                                        "no force recording for session " + std::to_string(id))),
                       true;
            out << in.rdbuf();
        } else
            throw RequestError("'format' must be csv, json or recording");
        if (!s.ok()) return send(store_error(s.error())), true;
        send({{"ok", true}, {"format", format}, {"content", out.str()}});
    } else if (cmd == "history") {
        auto runner = store_.find_runner(required_string(req, "runner", 80));
        if (!runner.ok()) return send(store_error(runner.error())), true;
        auto sessions = store_.list_sessions(runner->id);
        auto checkins = store_.checkins(runner->id);
        if (!sessions.ok()) return send(store_error(sessions.error())), true;
        if (!checkins.ok()) return send(store_error(checkins.error())), true;
        json list = json::array();
        for (const auto& s : sessions.value()) {
            auto j = session_json(s);
            if (auto sum = store_.session_summary(s.id); sum.ok()) {
                j["mean_cadence_spm"] = sum->mean_cadence_spm;
                j["max_valr_bw_s"] = sum->max_valr_bw_s;
            }
            list.push_back(j);
        }
        json cks = json::array();
        for (const auto& c : checkins.value())
            cks.push_back({{"date", c.date},
                           {"pain_above_baseline", c.pain_vs_baseline > 0},
                           {"swelling", c.swelling},
                           {"stiffness", c.stiffness},
                           {"notes", c.notes}});
        send({{"ok", true},
              {"runner", runner_json(runner.value())},
              {"sessions", list},
              {"checkins", cks}});
    } else {
        return false;
    }
    return true;
}

std::optional<std::string> ApiHandlers::check_pin(const json& req) {
    const auto pin = optional_string(req, "pin", 32);
    if (!pin) return "the clinician PIN is required";
    auto ok = store::verify_clinician_pin(store_, *pin);
    if (!ok.ok()) return ok.error().message;
    if (!ok.value()) return "wrong clinician PIN";
    return std::nullopt;
}

bool ApiHandlers::clinician_commands(const std::string& cmd, const json& req, const Send& send) {
    if (cmd == "pin.set") {
        const auto new_pin = required_string(req, "new_pin", 32);
        const auto old_pin = optional_string(req, "old_pin", 32);
        auto s = store::set_clinician_pin(
            store_, new_pin, old_pin ? std::optional<std::string_view>(*old_pin) : std::nullopt);
        if (!s.ok())
            return send(error_reply(
                       s.error().code == store::ErrorCode::permission_denied ? "pin" : "refused",
                       s.error().message)),
                   true;
        (void)store_.append_audit(
            {0, "clinician", wall_ms(), {}, "pin.set", "", "", "PIN changed"});
        send({{"ok", true}});
        return true;
    }
    if (cmd != "caps.set" && cmd != "profile.assign" && cmd != "audit" && cmd != "plate.tare" &&
        cmd != "plate.calibrate")
        return false;
    if (auto bad = check_pin(req)) return send(error_reply("pin", *bad)), true;
    if (cmd == "plate.tare" || cmd == "plate.calibrate") {
        PlateCalibrationStep step;
        if (cmd == "plate.calibrate") {
            step.kind = PlateCalibrationStep::Kind::known_weight;
            step.mass_kg = required_number(req, "mass_kg", 5, 300);
        }
        const auto what = cmd == "plate.tare"
                              ? std::string("tare (empty deck)")
                              : "known weight " + std::to_string(step.mass_kg) + " kg";
        loop_.calibrate_plate(step, [this, send, what](json reply) {
            if (reply["ok"].get<bool>())
                (void)store_.append_audit({0,
                                           "clinician",
                                           wall_ms(),
                                           {},
                                           "plate calibration",
                                           "",
                                           what,
                                           reply["message"].get<std::string>()});
            send(reply);
        });
        return true;
    }
    if (cmd == "audit") {
        auto log = store_.audit_log(200);
        if (!log.ok()) return send(store_error(log.error())), true;
        json entries = json::array();
        for (const auto& e : log.value())
            entries.push_back({{"who", e.who},
                               {"when", e.when_utc},
                               {"what", e.what},
                               {"old", e.old_value},
                               {"new", e.new_value},
                               {"why", e.why}});
        send({{"ok", true}, {"entries", entries}});
        return true;
    }
    const auto why = required_string(req, "why", 500);
    if (cmd == "caps.set") {
        // A clinician's override of the plan, within the profile's bounds: it applies from
        // today (the engine reads it from the runner's history) and is audited.
        std::optional<store::Runner> runner = loop_.runner();
        if (auto name = optional_string(req, "runner", 80)) {
            auto found = store_.find_runner(*name);
            if (!found.ok()) return send(store_error(found.error())), true;
            runner = found.value();
        }
        if (!runner) throw RequestError("'runner' is required when no runner is selected");
        protocol::ClinicianOverride change;
        change.date = day_of_unix_ms(wall_ms());
        change.clinician = "clinician";
        change.reason = why;
        change.speed_kmh = optional_number(req, "speed_cap_kmh", 0.5, 30);
        if (auto d = optional_number(req, "duration_cap_s", 60, 7200))
            change.run_cap_s = static_cast<int>(*d);
        change.pain_threshold = optional_number(req, "pain_threshold", 0, 10);
        if (auto n = optional_number(req, "runs_per_week", 1, 7))
            change.runs_per_week = static_cast<int>(*n);
        if (!change.speed_kmh && !change.run_cap_s && !change.pain_threshold &&
            !change.runs_per_week)
            throw RequestError("give at least one of speed_cap_kmh, duration_cap_s, "
                               "pain_threshold, runs_per_week");
        auto profile = runner_profile(config_.profiles_dir, *runner);
        if (auto* e = std::get_if<PlanError>(&profile))
            return send(error_reply("refused", e->message)), true;
        auto problems = protocol::validate_override(change, std::get<protocol::Profile>(profile),
                                                    engine_runner(*runner));
        if (!problems.empty()) return send(error_reply("refused", problems.front())), true;
        auto saved = save_override(store_, *runner, change);
        if (!saved.ok()) return send(store_error(saved.error())), true;
        (void)store_.append_audit(
            {0, "clinician", wall_ms(), {}, "caps.set " + runner->name, "", req.dump(), why});
        loop_.replan();
        send({{"ok", true}, {"runner", runner->name}});
    } else {
        auto runner = store_.find_runner(required_string(req, "runner", 80));
        if (!runner.ok()) return send(store_error(runner.error())), true;
        auto r = runner.value();
        const auto old_profile = r.profile_name;
        r.profile_name = required_string(req, "profile", 64);
        if (auto p = runner_profile(config_.profiles_dir, r); std::holds_alternative<PlanError>(p))
            return send(error_reply("refused", std::get<PlanError>(p).message)), true;
        auto s = store_.update_runner(r);
        if (!s.ok()) return send(store_error(s.error())), true;
        (void)store_.append_audit({0,
                                   "clinician",
                                   wall_ms(),
                                   {},
                                   "profile.assign " + r.name,
                                   old_profile,
                                   r.profile_name,
                                   why});
        send({{"ok", true}, {"runner", runner_json(r)}});
    }
    return true;
}

} // namespace tg::service
