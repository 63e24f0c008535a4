#include "controller/service/api_handlers.hpp"

#include "controller/api/api_constants.hpp"
#include "controller/api/api_envelope.hpp"
#include "controller/api/api_requests.hpp"
#include "controller/api/audit_messages.hpp"
#include "controller/api/command_replies.hpp"
#include "controller/api/runner_messages.hpp"
#include "controller/api/session_messages.hpp"
#include "controller/protocol/clinician_override.hpp"
#include "controller/protocol/plan_forecast.hpp"
#include "controller/protocol/plan_json.hpp"
#include "controller/protocol/plan_text.hpp"
#include "controller/service/api_limits.hpp"
#include "controller/service/api_reply_builders.hpp"
#include "controller/service/api_request_fields.hpp"
#include "controller/service/audit_entry.hpp"
#include "controller/service/plan_loading.hpp"
#include "controller/service/protocol_bridge.hpp"
#include "controller/store/clinician_pin.hpp"
#include "controller/store/session_export.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace tg::service {

using json = nlohmann::json;

namespace {

using api::kApiVersion;
namespace bounds = api::bounds;

json or_null(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

json session_json(const store::Session& s) {
    api::SessionSummary out;
    out.id = s.id;
    out.runner_id = s.runner_id;
    out.start_utc = s.start_utc;
    out.end_utc = s.end_utc;
    out.profile = s.profile_name;
    out.end_reason = s.end_reason;
    out.alarm_code = s.alarm_code;
    out.pain_free_limit_s = s.pain_free_limit_s;
    out.pain_free_limit_kmh = s.pain_free_limit_kmh;
    out.max_pain = s.max_pain;
    out.steps = s.totals.step_count;
    out.run_time_s = s.totals.run_time_s;
    out.distance_m = s.totals.distance_m;
    out.caps = {s.caps.speed_kmh, s.caps.duration_s, s.caps.pain_stop_threshold};
    return out;
}

std::int64_t session_id(std::int64_t id) {
    if (id < 1) throw RequestError("'session_id' must be a session's id (1 or more)");
    return id;
}

// Commands that touch the belt, answered on the io thread; everything else not listed
// in dispatch() runs on the worker.
const std::set<std::string, std::less<>> kBeltCommands = {
    "start", "stop", "emergency_stop", "speed", "fault.ack", "pain", "limit", "runner.select"};

} // namespace

json parse_request(const std::string& line, std::string& error) {
    std::vector<std::set<std::string>> keys; // one set per open object
    bool duplicate = false;
    auto callback = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
            keys.emplace_back();
            break;
        case json::parse_event_t::object_end:
            if (!keys.empty()) keys.pop_back();
            break;
        case json::parse_event_t::key:
            if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second) {
                duplicate = true;
                error = "duplicate key '" + parsed.get<std::string>() + "'";
            }
            break;
        default:
            break;
        }
        return true;
    };
    json req = json::parse(line, callback, false);
    if (duplicate) return json(json::value_t::discarded);
    if (req.is_discarded() || !req.is_object()) error = "each line must be one JSON object";
    return req;
}

ApiHandlers::ApiHandlers(ControlLoop& loop, SlowWork& work, const ControllerConfig& config)
    : loop_(loop), work_(work), config_(config) {}

ApiHandlers::Caller ApiHandlers::caller_of(const ApiSession& session) const {
    const auto hmi_uid = config_.hmi_uid >= 0 ? static_cast<uid_t>(config_.hmi_uid) : ::geteuid();
    return {session.describe(), session.interactive && session.peer().uid == hmi_uid, session.id()};
}

void ApiHandlers::handle_line(const std::shared_ptr<ApiSession>& session, const std::string& line) {
    session->last_request = std::chrono::steady_clock::now();
    std::string problem;
    json req = parse_request(line, problem);
    std::weak_ptr<ApiSession> weak = session;
    if (req.is_discarded() || !req.is_object()) {
        if (auto s = weak.lock())
            s->send({{"v", kApiVersion},
                     {"id", nullptr},
                     {"ok", false},
                     {"error", {{"code", "bad_json"}, {"message", problem}}}});
        return;
    }
    json id = nullptr;
    if (auto it = req.find("id"); it != req.end() && (it->is_number_integer() || it->is_string()))
        id = *it;
    auto reply = [weak, id](json body) {
        body["v"] = kApiVersion;
        body["id"] = id;
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
    const auto name = cmd->get<std::string>();
    // Stop and emergency stop are never throttled: a flood of anything else must not
    // stand between a runner and the stop button.
    if (name != "stop" && name != "emergency_stop" &&
        !session->take_request_token(std::chrono::steady_clock::now())) {
        reply(error_reply("busy", "too many requests: at most " +
                                      std::to_string(static_cast<int>(kRequestRatePerS)) +
                                      " per second per connection"));
        return;
    }
    try {
        dispatch(session, name, req, reply);
    } catch (const RequestError& e) {
        reply(error_reply("bad_request", e.what()));
    } catch (const json::exception& e) {
        reply(error_reply("bad_request", e.what()));
    }
}

void ApiHandlers::dispatch(const std::shared_ptr<ApiSession>& session, const std::string& cmd,
                           const json& req, const Send& send) {
    if (cmd == "hello") {
        const auto hello_request = decode_request<api::HelloRequest>(req);
        session->client = text(hello_request.client, "client", bounds::client_bytes);
        session->interactive = hello_request.interactive;
        if (session->interactive) session->last_heartbeat = std::chrono::steady_clock::now();
        json hello = api::HelloReply{kApiVersion, std::string(api::kControllerVersion)};
        hello["ok"] = true;
        send(hello);
    } else if (cmd == "heartbeat") {
        // A heartbeat speaks only for the connection that sent it, and only if that
        // connection said hello as an interactive client.
        if (!session->interactive)
            return send(error_reply("refused", "say hello with interactive:true before sending "
                                               "heartbeats"));
        session->last_heartbeat = std::chrono::steady_clock::now();
        send({{"ok", true}});
    } else if (cmd == "status") {
        send({{"ok", true}, {"status", loop_.status(std::chrono::steady_clock::now())}});
    } else if (cmd == "subscribe") {
        session->subscribe_hz = in_range(decode_request<api::SubscribeRequest>(req).rate_hz,
                                         "rate_hz", bounds::subscribe_hz)
                                    .value_or(20);
        session->next_status = {};
        send({{"ok", true}, {"rate_hz", session->subscribe_hz}});
    } else if (cmd == "devices") {
        send({{"ok", true}, {"devices", loop_.devices()}});
    } else if (kBeltCommands.contains(cmd)) {
        belt_commands(session, caller_of(*session), cmd, req, send);
    } else {
        on_worker(caller_of(*session), cmd, req, send);
    }
}

bool ApiHandlers::belt_commands(const std::shared_ptr<ApiSession>& session, const Caller& caller,
                                const std::string& cmd, const json& req, const Send& send) {
    OperatorRequest r;
    r.client_id = session->id();
    r.client = caller.client;
    if (cmd == "stop" || cmd == "emergency_stop") {
        r.kind = cmd == "stop" ? RequestKind::stop : RequestKind::emergency_stop;
        loop_.stop_now(r, send);
    } else if (cmd == "start") {
        r.kind = RequestKind::start;
        loop_.submit(r, send);
    } else if (cmd == "speed") {
        r.kind = RequestKind::speed;
        r.kmh = in_range(decode_request<api::SpeedRequest>(req).kmh, "kmh", bounds::speed_kmh);
        loop_.submit(r, send);
    } else if (cmd == "fault.ack") {
        acknowledge(caller, req, send);
    } else if (cmd == "pain") {
        const auto level = decode_request<api::PainRequest>(req).level;
        send(loop_.report_pain(
            static_cast<int>(whole_in_range(level, "level", bounds::pain_level))));
    } else if (cmd == "limit") {
        send(loop_.limit_coming());
    } else if (cmd == "runner.select") {
        select_runner(caller, req, send);
    }
    (void)session;
    return true;
}

// Acknowledging a latched emergency stop is a decision someone at the treadmill takes:
// the local HMI may, anyone else needs a clinician PIN. Other faults any client may ack
// (acknowledging never restarts the belt).
void ApiHandlers::acknowledge(const Caller& caller, const json& req, const Send& send) {
    OperatorRequest r;
    r.kind = RequestKind::acknowledge;
    r.client = caller.client;
    r.client_id = caller.connection;
    const bool needs_pin = loop_.emergency_stop_latched() &&
                           (config_.emergency_ack_needs_pin_always || !caller.local_hmi);
    const auto ack = decode_request<api::FaultAckRequest>(req);
    if (!needs_pin) return loop_.submit(r, send);
    if (!ack.pin)
        return send(error_reply("pin", "acknowledging an emergency stop needs the treadmill's "
                                       "own screen or a clinician PIN"));
    work_.run([this, caller, pin = ack.pin, r, send](store::Store& db) {
        auto bad = check_pin(db, caller, pin);
        work_.to_io([this, bad, r, send] {
            if (bad) return send(error_reply("pin", *bad));
            loop_.submit(r, send);
        });
    });
}

void ApiHandlers::select_runner(const Caller& caller, const json& req, const Send& send) {
    const auto name =
        text(decode_request<api::RunnerSelectRequest>(req).name, "name", bounds::name_bytes);
    if (loop_.session_open())
        return send(error_reply("refused", "a session is running; stop it before changing runner"));
    work_.run([this, caller, name, send](store::Store& db) {
        auto found = db.find_runner(name);
        if (!found.ok())
            return work_.to_io(
                [send, name] { send(error_reply("refused", "no runner named '" + name + "'")); });
        auto plan = load_today_plan(db, config_, found.value(), wall_ms());
        if (auto* e = std::get_if<PlanLoadError>(&plan))
            return work_.to_io([send, m = e->message] { send(error_reply("refused", m)); });
        OperatorRequest r;
        r.kind = RequestKind::select_runner;
        r.runner = name;
        r.client = caller.client;
        r.client_id = caller.connection;
        r.runner_record = found.value();
        r.plan = std::get<protocol::DayPlan>(plan);
        work_.to_io([this, r, send] { loop_.submit(r, send); });
    });
}

void ApiHandlers::on_worker(const Caller& caller, const std::string& cmd, const json& req,
                            const Send& send) {
    if (work_.pending() >= SlowWork::kMaxPending)
        return send(error_reply("busy", "the controller is busy with earlier requests; retry"));
    // What the worker needs from the loop is read here, on the loop's thread.
    std::optional<store::Runner> selected = loop_.runner();
    auto io_send = [this, send](json body) {
        work_.to_io([send, body = std::move(body)] { send(body); });
    };
    work_.run([this, caller, cmd, req, selected, io_send](store::Store& db) {
        try {
            json request = req;
            if (selected && !request.contains("runner") && (cmd == "plan" || cmd == "caps.set"))
                request["runner"] = selected->name;
            if (!runner_commands(db, caller, cmd, request, io_send) &&
                !session_commands(db, cmd, request, io_send) &&
                !clinician_commands(db, caller, cmd, request, io_send) &&
                !review_commands(db, caller, cmd, request, io_send) &&
                !report_commands(db, caller, cmd, request, io_send))
                io_send(error_reply("unknown_command", "unknown command '" + cmd + "'"));
        } catch (const RequestError& e) {
            io_send(error_reply("bad_request", e.what()));
        } catch (const json::exception& e) {
            io_send(error_reply("bad_request", e.what()));
        }
    });
}

bool ApiHandlers::runner_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                                  const json& req, const Send& send) {
    if (cmd == "runners.list") {
        auto runners = db.list_runners();
        if (!runners.ok()) return send(store_error(runners.error())), true;
        json list = json::array();
        for (const auto& r : runners.value())
            list.push_back(runner_json(r));
        send({{"ok", true}, {"runners", list}});
    } else if (cmd == "runners.add") {
        const auto add = decode_request<api::RunnersAddRequest>(req);
        store::Runner r;
        r.name = text(add.name, "name", bounds::name_bytes);
        r.body_mass_kg = in_range(add.mass_kg, "mass_kg", bounds::body_mass_kg);
        r.preferred_cadence_spm =
            in_range(add.preferred_cadence_spm, "preferred_cadence_spm", bounds::cadence_spm)
                .value_or(0);
        auto side = store::parse_injury_side(add.injury_side.value_or("none"));
        if (!side) throw RequestError("'injury_side' must be left, right, both or none");
        r.injury_side = *side;
        r.injury_notes = text(add.notes, "notes", bounds::notes_bytes).value_or("");
        r.target_speed_kmh =
            in_range(add.target_speed_kmh, "target_speed_kmh", bounds::target_speed_kmh)
                .value_or(10);
        r.target_duration_min =
            in_range(add.target_duration_min, "target_duration_min", bounds::target_duration_min)
                .value_or(30);
        r.target_runs_per_week = static_cast<int>(
            whole_in_range(add.runs_per_week, "runs_per_week", bounds::runs_per_week).value_or(3));
        r.profile_name =
            text(add.profile, "profile", bounds::profile_bytes).value_or("pain-free-limit");
        if (auto profile = runner_profile(config_.profiles_dir, r);
            std::holds_alternative<PlanError>(profile))
            throw RequestError(std::get<PlanError>(profile).message);
        auto id = db.add_runner(r);
        if (!id.ok()) return send(store_error(id.error())), true;
        r.id = id.value();
        (void)db.append_audit(audit_entry("operator", caller.client, "runners.add " + r.name, "",
                                          runner_json(r).dump(), "new runner"));
        send({{"ok", true}, {"runner", runner_json(r)}});
    } else if (cmd == "plan") {
        const auto plan = decode_request<api::PlanRequest>(req);
        const auto name = text(plan.runner, "runner", bounds::name_bytes);
        if (!name) throw RequestError("'runner' is required when no runner is selected");
        auto found = db.find_runner(*name);
        if (!found.ok()) return send(store_error(found.error())), true;
        const std::optional<store::Runner> runner = found.value();
        auto profile = runner_profile(config_.profiles_dir, *runner);
        if (auto* e = std::get_if<PlanError>(&profile))
            return send(error_reply("refused", e->message)), true;
        auto history = engine_history(db, *runner, config_.time_zone);
        if (!history.ok()) return send(store_error(history.error())), true;
        auto first = clinic_day(config_.time_zone, wall_ms());
        if (auto date = text(plan.date, "date", bounds::date_bytes)) {
            auto d = protocol::parse_day(*date);
            if (!d) throw RequestError("'date' must be YYYY-MM-DD");
            first = *d;
        }
        const int days =
            static_cast<int>(whole_in_range(plan.days, "days", bounds::plan_days).value_or(1));
        auto plans = protocol::plan_days(std::get<protocol::Profile>(profile),
                                         engine_runner(*runner), history.value(), first, days);
        send({{"ok", true},
              {"runner", runner->name},
              {"plans", protocol::plans_json(plans)},
              {"text", protocol::plans_text(plans)}});
    } else if (cmd == "checkin") {
        const auto checkin = decode_request<api::CheckinRequest>(req);
        auto runner = db.find_runner(text(checkin.runner, "runner", bounds::name_bytes));
        if (!runner.ok()) return send(store_error(runner.error())), true;
        store::CheckIn c;
        c.runner_id = runner->id;
        c.date = text(checkin.date, "date", bounds::date_bytes)
                     .value_or(clinic_date(config_.time_zone, wall_ms()));
        if (!protocol::parse_day(c.date)) throw RequestError("'date' must be YYYY-MM-DD");
        c.pain_vs_baseline = checkin.pain_above_baseline.value_or(false) ? 1 : 0;
        c.swelling = checkin.swelling.value_or(false);
        c.stiffness = checkin.stiffness.value_or(false);
        c.notes = text(checkin.notes, "notes", bounds::notes_bytes).value_or("");
        // Only today or yesterday, as the clinic counts days.
        auto s = db.add_checkin_for(c, clinic_date(config_.time_zone, wall_ms()));
        if (!s.ok()) return send(store_error(s.error())), true;
        (void)db.append_audit(audit_entry(
            "operator", caller.client, "checkin " + runner->name + " " + c.date, "",
            c.pain_vs_baseline > 0 || c.swelling || c.stiffness ? "symptoms" : "no symptoms",
            c.notes));
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

bool ApiHandlers::session_commands(store::Store& db, const std::string& cmd, const json& req,
                                   const Send& send) {
    if (cmd == "sessions.list") {
        std::vector<store::Runner> runners;
        const auto list_request = decode_request<api::SessionsListRequest>(req);
        if (auto name = text(list_request.runner, "runner", bounds::name_bytes)) {
            auto r = db.find_runner(*name);
            if (!r.ok()) return send(store_error(r.error())), true;
            runners.push_back(r.value());
        } else {
            auto all = db.list_runners();
            if (!all.ok()) return send(store_error(all.error())), true;
            runners = all.value();
        }
        json list = json::array();
        for (const auto& r : runners) {
            auto sessions = db.list_sessions(r.id);
            if (!sessions.ok()) return send(store_error(sessions.error())), true;
            for (const auto& s : sessions.value()) {
                auto j = session_json(s);
                j["runner"] = r.name;
                list.push_back(j);
            }
        }
        send({{"ok", true}, {"sessions", list}});
    } else if (cmd == "sessions.show") {
        const auto id = session_id(decode_request<api::SessionsShowRequest>(req).session_id);
        auto summary = db.session_summary(id);
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
              {"mean_cadence_spm", or_null(summary->mean_cadence_spm)},
              {"max_valr_bw_s", or_null(summary->max_valr_bw_s)},
              {"pain", pain},
              {"alarms", alarms}});
    } else if (cmd == "sessions.export") {
        const auto export_request = decode_request<api::SessionsExportRequest>(req);
        const auto id = session_id(export_request.session_id);
        const auto format =
            text(export_request.format, "format", bounds::format_bytes).value_or("json");
        std::ostringstream out;
        store::Status s;
        if (format == "csv")
            s = store::export_session_csv(db, id, out);
        else if (format == "json")
            s = store::export_session_json(db, id, out);
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
        if (out.tellp() > static_cast<std::streamoff>(kMaxReplyBytes))
            return send(error_reply("refused", "the export is larger than the API's " +
                                                   std::to_string(kMaxReplyBytes >> 20) +
                                                   " MiB reply limit")),
                   true;
        send({{"ok", true}, {"format", format}, {"content", out.str()}});
    } else if (cmd == "history") {
        auto runner = db.find_runner(
            text(decode_request<api::HistoryRequest>(req).runner, "runner", bounds::name_bytes));
        if (!runner.ok()) return send(store_error(runner.error())), true;
        auto sessions = db.list_sessions(runner->id);
        auto checkins = db.checkins(runner->id);
        if (!sessions.ok()) return send(store_error(sessions.error())), true;
        if (!checkins.ok()) return send(store_error(checkins.error())), true;
        json list = json::array();
        for (const auto& s : sessions.value()) {
            auto j = session_json(s);
            if (auto sum = db.session_summary(s.id); sum.ok()) {
                j["mean_cadence_spm"] = or_null(sum->mean_cadence_spm);
                j["max_valr_bw_s"] = or_null(sum->max_valr_bw_s);
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

std::optional<std::string> ApiHandlers::check_pin(store::Store& db, const Caller& caller,
                                                  const std::optional<std::string>& pin) {
    const auto now = std::chrono::steady_clock::now();
    if (auto wait = pins_.refusal(now); !wait.empty()) return wait;
    if (!pin) return "the clinician PIN is required";
    if (pin->size() > bounds::pin_bytes) return "the clinician PIN is too long";
    auto ok = store::verify_clinician_pin(db, *pin);
    if (!ok.ok()) return ok.error().message;
    if (ok.value()) {
        pins_.succeeded();
        return std::nullopt;
    }
    pins_.failed(now);
    (void)db.append_audit(
        audit_entry("unknown", caller.client, "pin.failed", "", "",
                    std::to_string(pins_.consecutive_failures()) + " wrong PIN(s) in a row"));
    return "wrong clinician PIN";
}

bool ApiHandlers::clinician_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                                     const json& req, const Send& send) {
    if (cmd == "pin.set") {
        const auto pin_set = decode_request<api::PinSetRequest>(req);
        const auto& new_pin = text(pin_set.new_pin, "new_pin", bounds::pin_bytes);
        const auto old_pin = text(pin_set.old_pin, "old_pin", bounds::pin_bytes);
        auto s = store::set_clinician_pin(
            db, new_pin, old_pin ? std::optional<std::string_view>(*old_pin) : std::nullopt);
        if (!s.ok())
            return send(error_reply(
                       s.error().code == store::ErrorCode::permission_denied ? "pin" : "refused",
                       s.error().message)),
                   true;
        (void)db.append_audit(audit_entry("clinician", caller.client, "pin.set", "", "",
                                          old_pin ? "PIN changed" : "first PIN set"));
        send({{"ok", true}});
        return true;
    }
    if (cmd != "caps.set" && cmd != "profile.assign" && cmd != "audit" && cmd != "plate.tare" &&
        cmd != "plate.calibrate")
        return false;
    if (auto bad = check_pin(db, caller, decode_request<api::FaultAckRequest>(req).pin))
        return send(error_reply("pin", *bad)), true;
    if (cmd == "plate.tare" || cmd == "plate.calibrate") {
        PlateCalibrationStep step;
        if (cmd == "plate.calibrate") {
            step.kind = PlateCalibrationStep::Kind::known_weight;
            step.mass_kg = in_range(decode_request<api::PlateCalibrateRequest>(req).mass_kg,
                                    "mass_kg", bounds::calibration_mass_kg);
        }
        const auto what = cmd == "plate.tare"
                              ? std::string("tare (empty deck)")
                              : "known weight " + std::to_string(step.mass_kg) + " kg";
        // The loop owns the plate: hand over on its thread; audit back on this one.
        work_.to_io([this, step, what, send, client = caller.client] {
            loop_.calibrate_plate(step, [this, send, what, client](json reply) {
                if (reply["ok"].get<bool>()) {
                    auto entry = audit_entry("clinician", client, "plate calibration", "", what,
                                             reply["message"].get<std::string>());
                    work_.run(
                        [entry](store::Store& records) { (void)records.append_audit(entry); });
                }
                send(reply);
            });
        });
        return true;
    }
    if (cmd == "audit") {
        auto log = db.audit_log(200);
        if (!log.ok()) return send(store_error(log.error())), true;
        api::AuditReply audit;
        for (const auto& e : log.value())
            audit.entries.push_back(
                {e.who, e.client, e.when_utc, e.what, e.old_value, e.new_value, e.why});
        json body = audit;
        body["ok"] = true;
        send(body);
        return true;
    }
    if (cmd == "caps.set") {
        // A clinician's override of the plan, within the profile's bounds: it applies from
        // today (the engine reads it from the runner's history) and is audited.
        const auto caps = decode_request<api::CapsSetRequest>(req);
        const auto& why = text(caps.why, "why", bounds::why_bytes);
        std::optional<store::Runner> runner;
        if (auto name = text(caps.runner, "runner", bounds::name_bytes)) {
            auto found = db.find_runner(*name);
            if (!found.ok()) return send(store_error(found.error())), true;
            runner = found.value();
        }
        if (!runner) throw RequestError("'runner' is required when no runner is selected");
        protocol::ClinicianOverride change;
        change.date = clinic_day(config_.time_zone, wall_ms());
        change.clinician = "clinician";
        change.reason = why;
        change.speed_kmh = in_range(caps.speed_cap_kmh, "speed_cap_kmh", bounds::speed_cap_kmh);
        if (auto d = in_range(caps.duration_cap_s, "duration_cap_s", bounds::duration_cap_s))
            change.run_cap_s = static_cast<int>(*d);
        change.pain_threshold =
            in_range(caps.pain_threshold, "pain_threshold", bounds::pain_threshold);
        if (auto n = whole_in_range(caps.runs_per_week, "runs_per_week", bounds::runs_per_week))
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
        auto saved = save_override(db, *runner, change);
        if (!saved.ok()) return send(store_error(saved.error())), true;
        // What changed, never the request itself: it carries the PIN.
        json changed = json::object();
        for (const char* key :
             {"speed_cap_kmh", "duration_cap_s", "pain_threshold", "runs_per_week"})
            if (req.contains(key)) changed[key] = req[key];
        (void)db.append_audit(audit_entry("clinician", caller.client, "caps.set " + runner->name,
                                          "", changed.dump(), why));
        work_.to_io([this] { loop_.replan(); });
        send({{"ok", true}, {"runner", runner->name}});
    } else {
        const auto assign = decode_request<api::ProfileAssignRequest>(req);
        const auto& why = text(assign.why, "why", bounds::why_bytes);
        auto runner = db.find_runner(text(assign.runner, "runner", bounds::name_bytes));
        if (!runner.ok()) return send(store_error(runner.error())), true;
        auto r = runner.value();
        const auto old_profile = r.profile_name;
        r.profile_name = text(assign.profile, "profile", bounds::profile_bytes);
        if (auto p = runner_profile(config_.profiles_dir, r); std::holds_alternative<PlanError>(p))
            return send(error_reply("refused", std::get<PlanError>(p).message)), true;
        auto s = db.update_runner(r);
        if (!s.ok()) return send(store_error(s.error())), true;
        (void)db.append_audit(audit_entry("clinician", caller.client, "profile.assign " + r.name,
                                          old_profile, r.profile_name, why));
        send({{"ok", true}, {"runner", runner_json(r)}});
    }
    return true;
}

} // namespace tg::service
