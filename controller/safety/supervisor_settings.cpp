#include "controller/safety/supervisor_settings.hpp"

#include "controller/safety/setting_bounds.hpp"

namespace tg::safety {

using std::chrono::milliseconds;

std::vector<std::string> SupervisorSettings::validate() const {
    std::vector<std::string> problems = ramp.validate();
    check_bound(problems, "drive_status_timeout", drive_status_timeout, milliseconds(50),
                milliseconds(500));
    check_bound(problems, "force_sample_timeout", force_sample_timeout, milliseconds(100),
                milliseconds(1000));
    check_bound(problems, "off_belt_fraction_bw", off_belt_fraction_bw, 0.05, 0.5, "BW");
    check_bound(problems, "off_belt_time", off_belt_time, milliseconds(500), milliseconds(5000));
    check_bound(problems, "heartbeat_timeout", heartbeat_timeout, milliseconds(200),
                milliseconds(5000));
    check_bound(problems, "standstill_kmh", standstill_kmh, 0.05, 0.5, "km/h");
    check_bound(problems, "start_timeout", start_timeout, milliseconds(1000), milliseconds(10000));
    check_bound(problems, "stop_timeout", stop_timeout, milliseconds(2000), milliseconds(30000));
    check_bound(problems, "overspeed_tolerance_kmh", overspeed_tolerance_kmh, 0.5, 3.0, "km/h");
    check_bound(problems, "overspeed_time", overspeed_time, milliseconds(200), milliseconds(3000));
    if (standstill_kmh >= ramp.start_speed_kmh)
        problems.emplace_back("standstill_kmh must be below start_speed_kmh, or a started belt "
                              "could never be told apart from a stopped one");
    return problems;
}

} // namespace tg::safety
