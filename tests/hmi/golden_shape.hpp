#pragma once
// The shape of a JSON message (keys and value types, recursively) and the differences
// between two shapes: how the golden-file test tells that the daemon and the committed
// files (which the HMI's parser tests read) have drifted apart.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tg::testing {

// Where `actual` differs in shape from `golden`: "status.speed: key 'x' is new",
// "alarms[0].latched: boolean vs string". Null matches any type (nullable fields); the
// first elements of two non-empty arrays are compared.
std::vector<std::string> shape_differences(const nlohmann::json& golden,
                                           const nlohmann::json& actual,
                                           const std::string& path = "");

// Golden files: tests/hmi/golden/<name>.json in the source tree.
std::string golden_path(const std::string& name);
nlohmann::json read_golden(const std::string& name); // throws if missing or not JSON

} // namespace tg::testing
