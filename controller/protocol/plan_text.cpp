#include "controller/protocol/plan_text.hpp"

#include "controller/protocol/duration_text.hpp"

#include <sstream>

namespace tg::protocol {
namespace {

void write_phase(std::ostringstream& out, const Phase& phase) {
    out << "  - " << to_string(phase.kind) << ": " << minutes_text(phase.duration_cap_s)
        << " at up to " << one_decimal(phase.speed_cap_kmh) << " km/h";
    if (phase.kind == PhaseKind::walk_run_intervals)
        out << " (run " << minutes_text(phase.run_s) << " / walk " << minutes_text(phase.walk_s)
            << " at " << one_decimal(phase.walk_speed_kmh) << " km/h)";
    if (phase.cadence_increase) {
        out << ", cadence +" << one_decimal(*phase.cadence_increase * 100.0) << "%";
        if (phase.cadence_target_spm)
            out << " (~" << one_decimal(*phase.cadence_target_spm) << " steps/min)";
    }
    out << "\n      " << phase.reason << "\n";
}

} // namespace

std::string plan_text(const DayPlan& plan) {
    std::ostringstream out;
    out << format_day(plan.date) << "  " << (plan.rest_day ? "REST" : "RUN") << "  ("
        << to_string(plan.decision) << ", " << plan.profile << ", pain threshold "
        << one_decimal(plan.pain_threshold) << "/10, " << plan.runs_per_week << " runs/week)\n";
    for (const Phase& phase : plan.phases)
        write_phase(out, phase);
    for (const std::string& reason : plan.reasons)
        out << "  why: " << reason << "\n";
    for (const std::string& advisory : plan.advisories)
        out << "  advisory: " << advisory << "\n";
    out << "  running volume: " << minutes_text(plan.volume_14d_s) << " in the 14 days to this day"
        << " (allowed " << minutes_text(plan.volume_allowed_14d_s) << ", previous 14 days "
        << minutes_text(plan.volume_prev_14d_s) << ")";
    out << "\n";
    return out.str();
}

std::string plans_text(const std::vector<DayPlan>& plans) {
    std::string text;
    for (const DayPlan& plan : plans)
        text += plan_text(plan) + "\n";
    return text;
}

} // namespace tg::protocol
