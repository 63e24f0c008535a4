#include "tests/hmi/golden_shape.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace tg::testing {
namespace {

std::string kind(const nlohmann::json& v) {
    if (v.is_number()) return "number";
    return v.type_name();
}

} // namespace

std::vector<std::string> shape_differences(const nlohmann::json& golden,
                                           const nlohmann::json& actual, const std::string& path) {
    std::vector<std::string> out;
    const std::string here = path.empty() ? "(top)" : path;
    if (golden.is_null() || actual.is_null()) return out;
    if (kind(golden) != kind(actual)) {
        out.push_back(here + ": " + kind(golden) + " in the golden file, " + kind(actual) +
                      " from the daemon");
        return out;
    }
    const std::string prefix = path.empty() ? "" : path + ".";
    if (golden.is_object()) {
        for (const auto& [key, value] : golden.items()) {
            if (!actual.contains(key)) {
                out.push_back(prefix + key + ": in the golden file, not sent by the daemon");
                continue;
            }
            auto inner = shape_differences(value, actual[key], prefix + key);
            out.insert(out.end(), inner.begin(), inner.end());
        }
        for (const auto& [key, value] : actual.items())
            if (!golden.contains(key))
                out.push_back(prefix + key + ": sent by the daemon, not in the golden file");
    } else if (golden.is_array() && !golden.empty() && !actual.empty()) {
        auto inner = shape_differences(golden.front(), actual.front(), path + "[0]");
        out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
}

std::string golden_path(const std::string& name) {
    const char* src = std::getenv("TG_SOURCE_DIR");
    return std::string(src ? src : ".") + "/tests/hmi/golden/" + name + ".json";
}

nlohmann::json read_golden(const std::string& name) {
    std::ifstream in(golden_path(name));
    if (!in) throw std::runtime_error("no golden file " + golden_path(name));
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded()) throw std::runtime_error(golden_path(name) + " is not JSON");
    return j;
}

} // namespace tg::testing
