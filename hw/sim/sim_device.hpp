#pragma once
// A device hosted by the virtual bench at one unit id. Register access returns a Modbus
// exception code (0 = success) so the PDU layer can answer exactly as a device would.
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

namespace tg::sim {

using Clock = std::chrono::steady_clock;

namespace exception_code {
inline constexpr std::uint8_t kIllegalFunction = 0x01;
inline constexpr std::uint8_t kIllegalDataAddress = 0x02;
inline constexpr std::uint8_t kIllegalDataValue = 0x03;
inline constexpr std::uint8_t kServerFailure = 0x04;
inline constexpr std::uint8_t kGatewayTargetFailed = 0x0B;
} // namespace exception_code

class SimDevice {
public:
    virtual ~SimDevice() = default;

    virtual bool accepts_function(std::uint8_t function) const = 0;
    virtual int max_read_registers() const = 0;
    virtual std::uint8_t read_holding(std::uint16_t address, std::span<std::uint16_t> out,
                                      Clock::time_point now) = 0;
    virtual std::uint8_t read_input(std::uint16_t address, std::span<std::uint16_t> out,
                                    Clock::time_point now) {
        (void)address, (void)out, (void)now;
        return exception_code::kIllegalFunction;
    }
    virtual std::uint8_t write(std::uint16_t address, std::span<const std::uint16_t> values,
                               Clock::time_point now) = 0;
    // Moves the model forward to `now` (ramps, watchdogs, signals).
    virtual void advance(Clock::time_point now) = 0;
    // A request for this unit arrived at `now`: false if the device would not answer it at
    // all (a Yaskawa drive ignores a message sent < 5 ms after the previous one).
    virtual bool answers(Clock::time_point now) {
        (void)now;
        return true;
    }
    // A well-formed request addressed to this unit arrived (feeds comm watchdogs).
    virtual void note_request(Clock::time_point now) { (void)now; }
    // Test and operator hooks.
    virtual void inject_fault(int code) { (void)code; }
    virtual std::string status_line() const = 0;
    virtual nlohmann::json status_json() const = 0;
};

} // namespace tg::sim
