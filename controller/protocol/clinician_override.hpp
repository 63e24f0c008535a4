#pragma once

#include "controller/protocol/profile.hpp"
#include "controller/protocol/runner_history.hpp"

#include <string>
#include <vector>

namespace tg::protocol {

// Checks a clinician override against its bounds before it is stored: the pain threshold
// never above the profile's maximum (itself never above 5/10), speed and run cap never above
// the runner's pre-injury target, only settings the profile has. Empty result = valid.
// The caller writes accepted overrides to the audit log.
std::vector<std::string> validate_override(const ClinicianOverride& change, const Profile& profile,
                                           const Runner& runner);

} // namespace tg::protocol
