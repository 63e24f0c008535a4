#pragma once
// Reply bodies of the commands (the fields besides v/id/ok/error). The records replies
// are in session_messages.hpp and audit_messages.hpp, the status in status_message.hpp,
// devices in devices_message.hpp.
#include "controller/api/devices_message.hpp"
#include "controller/api/json_reader.hpp"
#include "controller/api/runner_messages.hpp"
#include "controller/api/status_message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tg::api {

struct HelloReply {
    int api_version = 1;
    std::string controller_version;
};

struct StatusReply {
    Status status;
};

struct SubscribeReply {
    double rate_hz = 20;
};

// start, stop, emergency_stop, speed, fault.ack, runner.select: what the supervisor did.
struct CommandReply {
    std::optional<std::string> note;        // the supervisor changed the request (e.g. capped)
    std::optional<std::int64_t> session_id; // the session under way
    std::optional<std::string> runner;      // runner.select
    std::optional<json> plan;               // runner.select: today's plan (protocol/plan_json)
};

struct PainReply {
    int pain = 0;
    double threshold = 0;
    bool ends_run_phase = false;
};

struct RunnersListReply {
    std::vector<Runner> runners;
};

// runners.add, profile.assign
struct RunnerReply {
    Runner runner;
};

struct PlanReply {
    std::string runner;
    json plans = json::array(); // controller/protocol/plan_json's objects
    std::string text;
};

struct CapsSetReply {
    std::string runner;
};

struct CheckinReply {
    std::string advice;
};

struct ExportReply {
    std::string format; // "csv", "json", "recording"
    std::string content;
};

struct DevicesReply {
    Devices devices;
};

// plate.tare, plate.calibrate
struct CalibrationReply {
    std::string message;
};

#define TG_API_CODEC(T)                                                                            \
    void to_json(json& j, const T& v);                                                             \
    void from_json(const json& j, T& v)
TG_API_CODEC(HelloReply);
TG_API_CODEC(StatusReply);
TG_API_CODEC(SubscribeReply);
TG_API_CODEC(CommandReply);
TG_API_CODEC(PainReply);
TG_API_CODEC(RunnersListReply);
TG_API_CODEC(RunnerReply);
TG_API_CODEC(PlanReply);
TG_API_CODEC(CapsSetReply);
TG_API_CODEC(CheckinReply);
TG_API_CODEC(ExportReply);
TG_API_CODEC(DevicesReply);
TG_API_CODEC(CalibrationReply);
#undef TG_API_CODEC

} // namespace tg::api
