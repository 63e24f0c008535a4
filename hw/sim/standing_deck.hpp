#pragma once
// Unit 2 until the runner model arrives: a 4-load-cell deck behind a Dini Argeo DGT4X
// in 4-scale mode, carrying a constant load (empty, or a person standing still).
// Register layout, per cell from holding register 40202 (wire address 201):
// status word, gross weight as int32 (high word first, magnitude; bit 1 of status = negative),
// net weight likewise. 40001 (wire 0) is the command register: 0x01 zero, 0x02 tare.
#include "hw/sim/sim_device.hpp"

#include <array>

namespace tg::sim {

class StandingDeck final : public SimDevice {
public:
    static constexpr std::uint16_t kCommandRegister = 0;
    static constexpr std::uint16_t kFirstCellRegister = 201;
    static constexpr int kRegistersPerCell = 5;
    static constexpr std::uint16_t kStatusStable = 0x0001;
    static constexpr std::uint16_t kStatusNegative = 0x0002;

    explicit StandingDeck(double load_kg) { set_load(load_kg); }
    void set_load(double load_kg);

    bool accepts_function(std::uint8_t function) const override {
        return function == 3 || function == 6 || function == 16;
    }
    int max_read_registers() const override { return 125; }
    std::uint8_t read_holding(std::uint16_t address, std::span<std::uint16_t> out,
                              Clock::time_point now) override;
    std::uint8_t write(std::uint16_t address, std::span<const std::uint16_t> values,
                       Clock::time_point now) override;
    void advance(Clock::time_point) override {}
    std::string status_line() const override;
    nlohmann::json status_json() const override;

private:
    std::array<double, 4> gross_kg_{};
    std::array<double, 4> zero_kg_{};
    std::array<double, 4> tare_kg_{};
};

} // namespace tg::sim
