#pragma once
// Between the records store and the pure protocol engine: a runner's stored history as
// the engine sees it, and today's plan for them.
#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/profile.hpp"
#include "controller/protocol/runner_history.hpp"
#include "controller/store/store.hpp"

#include <string>
#include <variant>

namespace tg::service {

// The clinic's local day of a moment ([site] time_zone, an IANA name checked when the
// config was read; an unknown one counts as UTC here).
protocol::Day clinic_day(const std::string& time_zone, std::int64_t unix_ms);
std::string clinic_date(const std::string& time_zone, std::int64_t unix_ms);
protocol::Runner engine_runner(const store::Runner& runner);
store::Result<protocol::History> engine_history(store::Store& store, const store::Runner& runner,
                                                const std::string& time_zone);

// The settings key holding the day from which a clinician asked to measure the runner's
// cadence baseline again (runners.update remeasure_cadence).
std::string cadence_remeasure_key(const store::Runner& runner);

// Clinician overrides are kept per runner as a JSON array in the store's settings.
store::Status save_override(store::Store& store, const store::Runner& runner,
                            const protocol::ClinicianOverride& change);
std::vector<protocol::ClinicianOverride> load_overrides(store::Store& store,
                                                        const store::Runner& runner);

struct PlanError {
    std::string message;
};
std::variant<protocol::Profile, PlanError> runner_profile(const std::string& profiles_dir,
                                                          const store::Runner& runner);

} // namespace tg::service
