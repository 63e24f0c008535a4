#pragma once
// The bench's run-time control language, one command per line, the same on stdin, on the
// control socket and in --fault options:
//   status | help | clear | quit
//   refuse on|off   drop   drop on|off   silent on|off   delay MS   exception CODE|off
//   write-exception CODE|off   drop-after-reply on|off
//   crc on|off   drive-fault CODE [UNIT]   watchdog SECONDS [ACTION] [UNIT]
//   load KG [UNIT]   load-at KG X_M Y_M   runner on|off   runner-mass KG   standing on|off
//   strike rearfoot|forefoot   truth-reset
#include "hw/sim/virtual_bench.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace tg::sim {

struct ServerHooks {
    std::function<void(bool)> set_refuse;
    std::function<void()> drop_all;
    std::function<void()> quit;
    int plate_unit = 2; // where the runner commands go
};

// Returns the reply line: "ok ...", a JSON object for status, or "error: ...".
std::string apply_command(VirtualBench& bench, ServerHooks& hooks, std::string_view line);

} // namespace tg::sim
