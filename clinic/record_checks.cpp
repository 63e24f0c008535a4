#include "clinic/record_checks.hpp"

#include "controller/clinic_sync/clinic_settings.hpp"
#include "controller/clinic_sync/clinic_topics.hpp"

#include <map>
#include <sstream>

namespace tg::clinic {

using json = nlohmann::json;

namespace {

constexpr std::size_t excerpt_bytes = 2048;

// Field types: i integer, n number, s string; upper case: the same or null.
const std::map<std::string, std::vector<std::pair<std::string, char>>>& record_kinds() {
    static const std::map<std::string, std::vector<std::pair<std::string, char>>> kinds{
        {"runner",
         {{"id", 'i'},
          {"name", 's'},
          {"body_mass_kg", 'n'},
          {"preferred_cadence_spm", 'n'},
          {"injury_side", 's'},
          {"injury_notes", 's'},
          {"target_speed_kmh", 'n'},
          {"target_duration_min", 'n'},
          {"target_runs_per_week", 'i'},
          {"profile_name", 's'}}},
        {"session_start",
         {{"id", 'i'},
          {"runner_id", 'i'},
          {"runner", 'S'},
          {"start_unix_ms", 'i'},
          {"profile_name", 's'},
          {"speed_cap_kmh", 'n'},
          {"duration_cap_s", 'n'},
          {"pain_stop_threshold", 'i'}}},
        {"session_end",
         {{"id", 'i'},
          {"runner_id", 'i'},
          {"end_unix_ms", 'i'},
          {"end_reason", 'S'},
          {"alarm_code", 'S'},
          {"pain_free_limit_s", 'N'},
          {"pain_free_limit_kmh", 'N'},
          {"max_pain", 'I'},
          {"step_count", 'i'},
          {"distance_m", 'N'},
          {"run_time_s", 'n'}}},
        {"step",
         {{"session_id", 'i'},
          {"seq", 'i'},
          {"t_s", 'n'},
          {"side", 's'},
          {"step_time_s", 'N'},
          {"contact_time_s", 'N'},
          {"flight_time_s", 'N'},
          {"peak_force_n", 'n'},
          {"peak_force_bw", 'n'},
          {"impact_peak_bw", 'N'},
          {"valr_bw_s", 'N'},
          {"vilr_bw_s", 'N'},
          {"cadence_spm", 'N'}}},
        {"pain", {{"id", 'i'}, {"session_id", 'i'}, {"t_s", 'n'}, {"pain", 'i'}}},
        {"alarm",
         {{"id", 'i'},
          {"session_id", 'i'},
          {"t_s", 'n'},
          {"code", 's'},
          {"severity", 's'},
          {"reason", 's'}}},
        {"checkin",
         {{"runner_id", 'i'},
          {"date", 's'},
          {"pain_vs_baseline", 'i'},
          {"swelling", 'i'},
          {"stiffness", 'i'},
          {"notes", 's'}}},
        {"audit",
         {{"id", 'i'},
          {"who", 's'},
          {"client", 's'},
          {"when_unix_ms", 'i'},
          {"what", 's'},
          {"old_value", 's'},
          {"new_value", 's'},
          {"why", 's'}}},
    };
    return kinds;
}

bool has_type(const json& value, char type) {
    if (value.is_null()) return type == 'I' || type == 'N' || type == 'S';
    switch (type) {
    case 'i':
    case 'I':
        return value.is_number_integer();
    case 'n':
    case 'N':
        return value.is_number();
    default:
        return value.is_string();
    }
}

const char* type_name(char type) {
    switch (type) {
    case 'i':
    case 'I':
        return "an integer";
    case 'n':
    case 'N':
        return "a number";
    default:
        return "a string";
    }
}

Refusal whole(std::string reason, const std::string& payload) {
    return Refusal{std::nullopt, std::move(reason), payload.substr(0, excerpt_bytes)};
}

void check_records(const json& body, CheckedMessage& out) {
    const auto records = body.find("records");
    if (records == body.end() || !records->is_array()) {
        out.refused_whole = whole("a records message needs a 'records' array", body.dump());
        return;
    }
    for (const json& r : *records) {
        const std::string text = r.dump().substr(0, excerpt_bytes);
        if (!r.is_object() || !r.contains("seq") || !r["seq"].is_number_integer() ||
            r["seq"].get<std::int64_t>() < 1) {
            out.refused.push_back({std::nullopt, "a record needs a positive integer 'seq'", text});
            continue;
        }
        const std::int64_t seq = r["seq"].get<std::int64_t>();
        if (!r.contains("kind") || !r["kind"].is_string() || !r.contains("data") ||
            !r["data"].is_object() || !r.contains("created_unix_ms") ||
            !r["created_unix_ms"].is_number_integer()) {
            out.refused.push_back(
                {seq, "a record needs 'kind' (string), 'created_unix_ms' and 'data' (object)",
                 text});
            continue;
        }
        const std::string kind = r["kind"].get<std::string>();
        if (std::string problem = record_shape_problem(kind, r["data"]); !problem.empty()) {
            out.refused.push_back({seq, problem, text});
            continue;
        }
        out.records.push_back({seq, kind, r["created_unix_ms"].get<std::int64_t>(), r["data"]});
    }
}

} // namespace

std::optional<TopicParts> parse_topic(const std::string& topic) {
    std::vector<std::string> parts;
    std::stringstream in(topic);
    for (std::string part; std::getline(in, part, '/');)
        parts.push_back(part);
    if (parts.size() != 4 || topic.back() == '/' || parts[0] != clinic_sync::topic_root ||
        !clinic_sync::is_topic_segment(parts[1]) || !clinic_sync::is_topic_segment(parts[2]))
        return std::nullopt;
    return TopicParts{parts[1], parts[2], parts[3]};
}

std::string record_shape_problem(const std::string& kind, const json& data) {
    const auto& kinds = record_kinds();
    const auto spec = kinds.find(kind);
    if (spec == kinds.end()) return "unknown record kind '" + kind.substr(0, 64) + "'";
    for (const auto& [field, type] : spec->second) {
        const auto value = data.find(field);
        if (value == data.end()) return kind + ": missing field '" + field + "'";
        if (!has_type(*value, type))
            return kind + ": field '" + field + "' must be " + type_name(type) +
                   (std::isupper(static_cast<unsigned char>(type)) ? " or null" : "");
    }
    return {};
}

CheckedMessage check_message(const std::string& clinic, const std::string& topic,
                             const std::string& payload) {
    CheckedMessage out;
    const auto parts = parse_topic(topic);
    if (!parts || parts->clinic != clinic) {
        out.refused_whole = whole("topic '" + topic.substr(0, 200) +
                                      "' is not a treadmill topic "
                                      "of clinic '" +
                                      clinic + "'",
                                  payload);
        return out;
    }
    out.treadmill = parts->treadmill;
    out.leaf = parts->leaf;
    const std::string& leaf = parts->leaf;
    if (leaf != clinic_sync::status_leaf && leaf != clinic_sync::alarm_leaf &&
        leaf != clinic_sync::records_leaf) {
        out.refused_whole =
            whole("topic leaf '" + leaf.substr(0, 64) + "' is not accepted", payload);
        return out;
    }
    if (payload.size() > clinic_sync::max_message_bytes) {
        out.refused_whole = whole("message of " + std::to_string(payload.size()) +
                                      " bytes is larger than the limit of " +
                                      std::to_string(clinic_sync::max_message_bytes),
                                  payload);
        return out;
    }
    json body = json::parse(payload, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        out.refused_whole = whole("message is not a JSON object", payload);
        return out;
    }
    const auto named = body.find("treadmill");
    if (named == body.end() || !named->is_string()) {
        out.refused_whole = whole("message does not name its treadmill", payload);
        return out;
    }
    if (named->get<std::string>() != parts->treadmill) {
        out.refused_whole = whole("treadmill '" + named->get<std::string>().substr(0, 64) +
                                      "' published on the topic of '" + parts->treadmill +
                                      "', which it does not own",
                                  payload);
        return out;
    }
    if (leaf == clinic_sync::records_leaf)
        check_records(body, out);
    else
        out.body = std::move(body);
    return out;
}

} // namespace tg::clinic
