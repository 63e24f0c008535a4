#include "clinic/record_sink.hpp"

#include "controller/clinic_sync/clinic_topics.hpp"

#include <algorithm>
#include <optional>
#include <pqxx/subtransaction>
#include <pqxx/transaction>
#include <variant>

namespace tg::clinic {

using json = nlohmann::json;

namespace {

// One statement per record kind; $1 treadmill, $2 record seq, $3 the record's data.
const char* insert_sql(const std::string& kind) {
    if (kind == "runner")
        return "INSERT INTO runners (treadmill, local_id, name, data, record_seq) "
               "SELECT $1, (d->>'id')::bigint, d->>'name', d, $2 FROM (SELECT $3::jsonb AS d) r "
               "ON CONFLICT (treadmill, local_id) DO UPDATE SET name = excluded.name, "
               "data = excluded.data, record_seq = excluded.record_seq";
    if (kind == "session_start")
        return "INSERT INTO sessions (treadmill, local_id, runner_local_id, start_unix_ms, "
               "profile_name, start_seq) SELECT $1, (d->>'id')::bigint, "
               "(d->>'runner_id')::bigint, (d->>'start_unix_ms')::bigint, d->>'profile_name', $2 "
               "FROM (SELECT $3::jsonb AS d) r ON CONFLICT DO NOTHING";
    if (kind == "session_end")
        return "UPDATE sessions SET end_unix_ms = (d->>'end_unix_ms')::bigint, "
               "end_reason = d->>'end_reason', alarm_code = d->>'alarm_code', "
               "pain_free_limit_s = (d->>'pain_free_limit_s')::float8, "
               "pain_free_limit_kmh = (d->>'pain_free_limit_kmh')::float8, "
               "max_pain = (d->>'max_pain')::integer, step_count = (d->>'step_count')::integer, "
               "distance_m = (d->>'distance_m')::float8, run_time_s = (d->>'run_time_s')::float8, "
               "end_seq = $2 FROM (SELECT $3::jsonb AS d) r "
               "WHERE treadmill = $1 AND local_id = (d->>'id')::bigint";
    if (kind == "step")
        return "INSERT INTO steps (treadmill, session_local_id, seq, t_s, side, contact_time_s, "
               "peak_force_bw, valr_bw_s, cadence_spm, record_seq) SELECT $1, "
               "(d->>'session_id')::bigint, (d->>'seq')::bigint, (d->>'t_s')::float8, d->>'side', "
               "(d->>'contact_time_s')::float8, (d->>'peak_force_bw')::float8, "
               "(d->>'valr_bw_s')::float8, (d->>'cadence_spm')::float8, $2 "
               "FROM (SELECT $3::jsonb AS d) r ON CONFLICT DO NOTHING";
    if (kind == "pain")
        return "INSERT INTO pain_reports (treadmill, local_id, session_local_id, t_s, pain, "
               "record_seq) SELECT $1, (d->>'id')::bigint, (d->>'session_id')::bigint, "
               "(d->>'t_s')::float8, (d->>'pain')::integer, $2 FROM (SELECT $3::jsonb AS d) r "
               "ON CONFLICT DO NOTHING";
    if (kind == "alarm")
        return "INSERT INTO alarms (treadmill, local_id, session_local_id, t_s, code, severity, "
               "reason) SELECT $1, (d->>'id')::bigint, (d->>'session_id')::bigint, "
               "(d->>'t_s')::float8, d->>'code', d->>'severity', d->>'reason' "
               "FROM (SELECT $3::jsonb AS d, $2::bigint AS s) r ON CONFLICT DO NOTHING";
    if (kind == "checkin")
        return "INSERT INTO checkins (treadmill, runner_local_id, date, data, record_seq) "
               "SELECT $1, (d->>'runner_id')::bigint, d->>'date', d, $2 "
               "FROM (SELECT $3::jsonb AS d) r ON CONFLICT (treadmill, runner_local_id, date) "
               "DO UPDATE SET data = excluded.data, record_seq = excluded.record_seq";
    return "INSERT INTO audit_log (treadmill, local_id, when_unix_ms, who, what, data) "
           "SELECT $1, (d->>'id')::bigint, (d->>'when_unix_ms')::bigint, d->>'who', d->>'what', "
           "d FROM (SELECT $3::jsonb AS d, $2::bigint AS s) r ON CONFLICT DO NOTHING";
}

// The runner or session a record is about must already be known (it came earlier in the
// same treadmill's sequence); the reason when it is not.
std::string missing_reference(pqxx::transaction_base& tx, const std::string& treadmill,
                              const IncomingRecord& r) {
    auto exists = [&](const char* sql, std::int64_t id) {
        return !tx.exec_params(sql, treadmill, id).empty();
    };
    const char* runner_sql = "SELECT 1 FROM runners WHERE treadmill = $1 AND local_id = $2";
    const char* session_sql = "SELECT 1 FROM sessions WHERE treadmill = $1 AND local_id = $2";
    if (r.kind == "session_start" || r.kind == "checkin") {
        const auto id = r.data["runner_id"].get<std::int64_t>();
        if (!exists(runner_sql, id)) return "unknown runner " + std::to_string(id);
    }
    if (r.kind == "session_end" || r.kind == "step" || r.kind == "pain" || r.kind == "alarm") {
        const auto id = r.data[r.kind == "session_end" ? "id" : "session_id"].get<std::int64_t>();
        if (!exists(session_sql, id)) return "unknown session " + std::to_string(id);
    }
    return {};
}

void quarantine(pqxx::transaction_base& tx, const std::string& topic, const std::string& treadmill,
                const Refusal& refusal) {
    tx.exec_params("INSERT INTO quarantine (topic, treadmill, seq, reason, excerpt) "
                   "VALUES ($1, NULLIF($2, ''), NULLIF($3, '')::bigint, $4, $5)",
                   printable(topic), treadmill,
                   refusal.seq ? std::to_string(*refusal.seq) : std::string(),
                   printable(refusal.reason), printable(refusal.excerpt));
}

// A batch's entries in sequence order: the well-formed records and the refused ones
// both take their place in the sequence.
using Entry = std::variant<const IncomingRecord*, const Refusal*>;
std::int64_t entry_seq(const Entry& e) {
    if (const auto* r = std::get_if<const IncomingRecord*>(&e)) return (*r)->seq;
    return *(*std::get_if<const Refusal*>(&e))->seq;
}

} // namespace

std::string printable(const std::string& text) {
    std::string out = text;
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (u < 0x20 && c != '\n' && c != '\t')) c = '?';
    }
    return out;
}

SinkOutcome RecordSink::apply(const std::string& topic, const CheckedMessage& message) {
    if (message.refused_whole) {
        pqxx::work tx(db_);
        quarantine(tx, topic, message.treadmill, *message.refused_whole);
        tx.commit();
        return SinkOutcome{0, 0, {*message.refused_whole}};
    }
    if (message.leaf == clinic_sync::records_leaf) return apply_records(topic, message);
    if (message.leaf == clinic_sync::status_leaf)
        apply_status(message);
    else
        apply_alarm(message);
    return {};
}

SinkOutcome RecordSink::apply_records(const std::string& topic, const CheckedMessage& m) {
    SinkOutcome out;
    pqxx::work tx(db_);
    tx.exec_params("INSERT INTO treadmills (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET "
                   "last_seen = now()",
                   m.treadmill);
    std::int64_t last = tx.exec_params("SELECT last_seq FROM treadmills WHERE id = $1 FOR UPDATE",
                                       m.treadmill)[0][0]
                            .as<std::int64_t>();
    std::vector<Entry> entries;
    for (const auto& r : m.records)
        entries.emplace_back(&r);
    for (const auto& r : m.refused) {
        if (r.seq)
            entries.emplace_back(&r);
        else {
            quarantine(tx, topic, m.treadmill, r); // no place in the sequence
            out.refused.push_back(r);
        }
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return entry_seq(a) < entry_seq(b); });
    for (const Entry& entry : entries) {
        const std::int64_t seq = entry_seq(entry);
        if (seq <= last) {
            ++out.duplicates;
            continue;
        }
        std::optional<Refusal> refusal;
        if (seq != last + 1)
            refusal =
                Refusal{seq,
                        "sequence gap: expected record " + std::to_string(last + 1) + ", got " +
                            std::to_string(seq),
                        std::holds_alternative<const Refusal*>(entry)
                            ? std::get<const Refusal*>(entry)->excerpt
                            : std::get<const IncomingRecord*>(entry)->data.dump().substr(0, 2048)};
        else if (const auto* bad = std::get_if<const Refusal*>(&entry))
            refusal = **bad;
        last = seq;
        if (!refusal) {
            const IncomingRecord& r = *std::get<const IncomingRecord*>(entry);
            pqxx::subtransaction record(tx, "record");
            try {
                if (std::string missing = missing_reference(record, m.treadmill, r);
                    !missing.empty())
                    throw std::invalid_argument(missing);
                const std::string data = r.data.dump();
                record.exec_params(insert_sql(r.kind), m.treadmill, seq, data);
                record.exec_params(
                    "INSERT INTO records (treadmill, seq, kind, created_unix_ms, "
                    "data) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING",
                    m.treadmill, seq, r.kind, r.created_unix_ms, data);
                record.commit();
                ++out.stored;
                continue;
            } catch (const pqxx::broken_connection&) {
                throw;
            } catch (const std::exception& e) {
                record.abort();
                refusal =
                    Refusal{seq, printable(e.what()).substr(0, 500), r.data.dump().substr(0, 2048)};
            }
        }
        quarantine(tx, topic, m.treadmill, *refusal);
        out.refused.push_back(*refusal);
    }
    tx.exec_params("UPDATE treadmills SET last_seq = $2, last_seen = now() WHERE id = $1",
                   m.treadmill, last);
    tx.commit();
    return out;
}

void RecordSink::apply_status(const CheckedMessage& m) {
    pqxx::work tx(db_);
    const json status = m.body.value("status", json());
    tx.exec_params("INSERT INTO treadmills (id, online, last_status, last_status_at) "
                   "VALUES ($1, $2, NULLIF($3, 'null')::jsonb, now()) ON CONFLICT (id) DO UPDATE "
                   "SET online = excluded.online, last_status = coalesce(excluded.last_status, "
                   "treadmills.last_status), last_status_at = now(), last_seen = now()",
                   m.treadmill, m.body.value("online", false), status.dump());
    tx.commit();
}

void RecordSink::apply_alarm(const CheckedMessage& m) {
    pqxx::work tx(db_);
    const json at = m.body.value("at_unix_ms", json());
    tx.exec_params("INSERT INTO live_alarms (treadmill, at_unix_ms, code, body) "
                   "VALUES ($1, NULLIF($2, '')::bigint, $3, $4::jsonb)",
                   m.treadmill,
                   at.is_number_integer() ? std::to_string(at.get<std::int64_t>()) : "",
                   m.body.value("code", std::string()), m.body.dump());
    tx.exec_params("UPDATE treadmills SET last_seen = now() WHERE id = $1", m.treadmill);
    tx.commit();
}

} // namespace tg::clinic
