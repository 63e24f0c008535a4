#include "controller/service/plan_loading.hpp"

#include "controller/protocol/day_planner.hpp"
#include "controller/service/protocol_bridge.hpp"

namespace tg::service {

std::variant<protocol::DayPlan, PlanLoadError> load_today_plan(store::Store& db,
                                                               const ControllerConfig& config,
                                                               const store::Runner& runner,
                                                               std::int64_t wall_unix_ms) {
    auto profile = runner_profile(config.profiles_dir, runner);
    if (auto* e = std::get_if<PlanError>(&profile)) return PlanLoadError{e->message};
    auto history = engine_history(db, runner, config.time_zone);
    if (!history.ok()) return PlanLoadError{history.error().message};
    return protocol::plan_day(std::get<protocol::Profile>(profile), engine_runner(runner),
                              history.value(), clinic_day(config.time_zone, wall_unix_ms));
}

} // namespace tg::service
