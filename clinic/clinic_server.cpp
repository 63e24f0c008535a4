#include "clinic/clinic_server.hpp"

#include "clinic/pg_schema.hpp"
#include "clinic/record_checks.hpp"
#include "clinic/record_sink.hpp"
#include "controller/clinic_sync/clinic_topics.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <stdexcept>
#include <thread>

namespace tg::clinic {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto db_retry_period = std::chrono::milliseconds(500);

clinic_sync::MqttOptions link_options(const ClinicServerConfig& c) {
    clinic_sync::MqttOptions o;
    o.host = c.broker_host;
    o.port = c.broker_port;
    // A fixed id and a kept session: the broker queues the treadmills' records for us
    // while we are down or restarting.
    o.client_id = "treadguard-clinic-" + c.clinic;
    o.clean_session = false;
    o.mqtt5 = false;
    o.username = c.username;
    if (!c.password_file.empty()) o.password = clinic_sync::read_secret_file(c.password_file);
    o.ca_file = c.ca_file;
    o.cert_file = c.cert_file;
    o.key_file = c.key_file;
    o.keepalive_s = 10;
    const std::string root = std::string(clinic_sync::topic_root) + "/" + c.clinic + "/+/";
    o.subscriptions = {root + clinic_sync::status_leaf, root + clinic_sync::alarm_leaf,
                       root + clinic_sync::records_leaf};
    return o;
}

} // namespace

ClinicServer::ClinicServer(const ClinicServerConfig& config) : config_(config) {
    conninfo_ = clinic_sync::read_secret_file(config.postgres_conninfo_file);
    if (conninfo_.empty())
        throw std::runtime_error("PostgreSQL connection file " + config.postgres_conninfo_file +
                                 " is missing, unreadable or empty");
    if (!config.password_file.empty() &&
        clinic_sync::read_secret_file(config.password_file).empty())
        throw std::runtime_error("MQTT password file " + config.password_file +
                                 " is missing, unreadable or empty");
    std::string error;
    link_ = clinic_sync::MqttLink::start(link_options(config), error);
    if (!link_) throw std::runtime_error(error);
}

// Connects and migrates when there is no connection (at most every db_retry_period).
bool ClinicServer::ensure_database() {
    if (db_ && db_->is_open()) return true;
    if (Clock::now() < next_db_attempt_) return false;
    next_db_attempt_ = Clock::now() + db_retry_period;
    try {
        auto connection = std::make_unique<pqxx::connection>(conninfo_);
        pqxx::nontransaction(*connection).exec("SET search_path TO treadguard");
        migrate_pg(*connection);
        db_ = std::move(connection);
        std::cout << "treadguard-clinic: PostgreSQL connected (" << db_->dbname() << " as "
                  << db_->username() << "), " << waiting_.size() << " message(s) waiting"
                  << std::endl;
        last_db_problem_.clear();
        return true;
    } catch (const std::exception& e) {
        // libpq's messages name host and port, never the password.
        const std::string problem = printable(e.what());
        if (problem != last_db_problem_)
            std::cout << "treadguard-clinic: PostgreSQL unavailable: " << problem << std::endl;
        last_db_problem_ = problem;
        db_.reset();
        return false;
    }
}

void ClinicServer::handle(const clinic_sync::ReceivedMessage& message) {
    const CheckedMessage checked = check_message(config_.clinic, message.topic, message.payload);
    SinkOutcome outcome;
    RecordSink sink(*db_);
    try {
        outcome = sink.apply(message.topic, checked);
    } catch (const pqxx::broken_connection&) {
        throw;
    } catch (const pqxx::in_doubt_error&) {
        throw pqxx::broken_connection("commit in doubt"); // retried: writes are idempotent
    } catch (const std::exception& e) {
        // Anything else this message provoked: quarantined whole, the server goes on.
        CheckedMessage whole = checked;
        whole.refused_whole = Refusal{std::nullopt, "not stored: " + printable(e.what()),
                                      message.payload.substr(0, 2048)};
        outcome = sink.apply(message.topic, whole);
    }
    ++counters_.messages;
    counters_.stored += static_cast<std::uint64_t>(outcome.stored);
    counters_.duplicates += static_cast<std::uint64_t>(outcome.duplicates);
    counters_.quarantined += outcome.refused.size();
    if (checked.treadmill.empty()) return; // not a treadmill's topic: nobody to tell
    for (const Refusal& r : outcome.refused) {
        nlohmann::json told{{"treadmill", checked.treadmill}, {"reason", r.reason}};
        told["seq"] = r.seq ? nlohmann::json(*r.seq) : nlohmann::json();
        (void)link_->publish(clinic_sync::treadmill_topic(config_.clinic, checked.treadmill,
                                                          clinic_sync::rejection_leaf),
                             told.dump(), 1, false);
    }
}

void ClinicServer::drain() {
    while (!waiting_.empty() && ensure_database()) {
        try {
            handle(waiting_.front());
            waiting_.pop_front();
        } catch (const std::exception& e) {
            // Only a lost connection gets here; the message stays first in line.
            std::cout << "treadguard-clinic: PostgreSQL connection lost: " << printable(e.what())
                      << std::endl;
            last_db_problem_.clear();
            db_.reset();
        }
    }
}

void ClinicServer::run(const std::atomic<bool>& stop) {
    std::cout << "treadguard-clinic: clinic " << config_.clinic << ", broker "
              << config_.broker_host << ":" << config_.broker_port << " as " << config_.username
              << std::endl;
    bool was_connected = false;
    while (!stop) {
        for (auto& m : link_->take_messages())
            waiting_.push_back(std::move(m));
        if (link_->connected() != was_connected) {
            was_connected = !was_connected;
            std::cout << "treadguard-clinic: broker "
                      << (was_connected ? "connected" : "lost: " + link_->last_problem())
                      << std::endl;
        }
        (void)ensure_database();
        drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::cout << "treadguard-clinic: stopped; messages=" << counters_.messages
              << " stored=" << counters_.stored << " duplicates=" << counters_.duplicates
              << " quarantined=" << counters_.quarantined << " waiting=" << waiting_.size()
              << std::endl;
}

} // namespace tg::clinic
