#pragma once
// A simulated AC motor drive (VFD) that behaves as its device map says: run/stop
// commands, a frequency setpoint, linear acceleration/deceleration ramps, fault codes
// that latch until reset, and the drive's own communication-loss watchdog.
#include "drivers/devicemap/drive_map.hpp"
#include "hw/sim/sim_device.hpp"

#include <optional>

namespace tg::sim {

class VfdModel final : public SimDevice {
public:
    // hz_per_kmh only labels the status output with a belt speed.
    VfdModel(devicemap::DriveMap map, double hz_per_kmh, Clock::time_point now);

    bool accepts_function(std::uint8_t function) const override;
    bool fast_stopped() const { return fast_stopped_; }
    int max_read_registers() const override { return map_.max_read_registers; }
    std::uint8_t read_holding(std::uint16_t address, std::span<std::uint16_t> out,
                              Clock::time_point now) override;
    std::uint8_t write(std::uint16_t address, std::span<const std::uint16_t> values,
                       Clock::time_point now) override;
    void advance(Clock::time_point now) override;
    bool answers(Clock::time_point now) override;
    void note_request(Clock::time_point now) override { last_request_ = now; }
    void inject_fault(int code) override;
    std::string status_line() const override;
    nlohmann::json status_json() const override;

    // Watchdog timeout in seconds (0 = off); action < 0 means the map's ramp-to-stop.
    void set_watchdog(double seconds, int action = -1);
    double output_hz() const { return output_hz_; }
    int fault_code() const { return fault_code_; }

private:
    enum class Run : std::uint8_t { Stop, Forward, Reverse };

    std::optional<std::uint16_t> register_value(std::uint16_t address) const;
    std::uint8_t write_one(std::uint16_t address, std::uint16_t value);
    std::uint8_t write_command(std::uint16_t value);
    bool sequence_step(std::uint16_t value);
    std::uint16_t sequence_word() const;
    std::uint16_t status_word() const;
    void check_watchdog(Clock::time_point now);
    void latch_fault(int code, bool coast);
    // The code a comm time-out latches; a map that does not know it gets a stand-in.
    int comm_code() const;
    static constexpr int kUnknownCommFault = 0xFFFF;
    double target_hz() const;

    devicemap::DriveMap map_;
    double hz_per_kmh_;
    Clock::time_point last_advance_;
    Clock::time_point last_request_;

    Run run_ = Run::Stop;
    // Run-sequence drives (CiA402): how many steps of the map's run_sequence were taken in
    // order; the drive runs only once all were.
    std::size_t sequence_position_ = 0;
    std::optional<Clock::time_point> last_message_;
    std::uint64_t too_soon_ = 0; // requests ignored for coming inside the minimum gap
    double setpoint_hz_ = 0;
    double output_hz_ = 0; // signed: negative when running in reverse
    int fault_code_ = 0;
    int warning_code_ = 0;
    double max_hz_;
    double accel_time_s_;
    double decel_time_s_;
    // The map's fast stop was written: decelerate by the fast-stop time, latched until a
    // fault reset (which leaves the drive stopped).
    bool fast_stopped_ = false;
    bool watchdog_enabled_; // drives without an enable register: a timeout > 0 enables it
    double watchdog_s_ = 0;
    std::uint16_t watchdog_action_ = 0;
};

} // namespace tg::sim
