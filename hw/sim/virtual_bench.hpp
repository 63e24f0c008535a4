#pragma once
// The devices on the virtual bench, addressed by unit id, plus the injected link faults.
// Both servers (TCP and RTU) hand every request here, so behaviour is one and the same
// whichever way a client connects.
#include "hw/sim/fault_state.hpp"
#include "hw/sim/sim_device.hpp"

#include <map>
#include <memory>
#include <vector>

namespace tg::sim {

enum class Via : std::uint8_t { Tcp, Rtu };

struct Outcome {
    enum class Kind : std::uint8_t { Reply, Silent, Drop } kind = Kind::Silent;
    std::vector<std::uint8_t> pdu;
    int delay_ms = 0;
    bool corrupt_crc = false;
    bool close_after = false; // TCP: close the connection once the reply is sent
};

class VirtualBench {
public:
    void add_unit(int unit, std::unique_ptr<SimDevice> device);
    SimDevice* unit(int id);

    Outcome dispatch(int unit, std::span<const std::uint8_t> pdu, Via via, Clock::time_point now);
    void advance(Clock::time_point now);
    void note_bad_frame() { ++bad_frames_; }

    FaultState faults;

    std::string status_line() const;
    nlohmann::json status_json() const;

private:
    std::map<int, std::unique_ptr<SimDevice>> units_;
    std::uint64_t requests_tcp_ = 0;
    std::uint64_t requests_rtu_ = 0;
    std::uint64_t bad_frames_ = 0;
};

} // namespace tg::sim
