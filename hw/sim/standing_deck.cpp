#include "hw/sim/standing_deck.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tg::sim {
namespace {

// Weight registers count in 0.1 kg (the DGT4X's display division for this demo setup).
void put_weight(double kg, std::uint16_t& status, std::uint16_t& hi, std::uint16_t& lo) {
    const long tenths = std::lround(kg * 10);
    if (tenths < 0) status |= StandingDeck::kStatusNegative;
    const auto magnitude = static_cast<std::uint32_t>(std::labs(tenths));
    hi = static_cast<std::uint16_t>(magnitude >> 16);
    lo = static_cast<std::uint16_t>(magnitude & 0xFFFF);
}

} // namespace

void StandingDeck::set_load(double load_kg) {
    // A 40 kg deck on four cells plus the load, slightly off-centre as in real life.
    const std::array<double, 4> share{0.26, 0.24, 0.25, 0.25};
    for (std::size_t i = 0; i < 4; ++i)
        gross_kg_[i] = 10.0 + load_kg * share[i];
}

std::uint8_t StandingDeck::read_holding(std::uint16_t address, std::span<std::uint16_t> out,
                                        Clock::time_point) {
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int a = address + static_cast<int>(i);
        if (a == kCommandRegister) {
            out[i] = 0;
            continue;
        }
        const int rel = a - kFirstCellRegister;
        if (rel < 0 || rel >= 4 * kRegistersPerCell) return exception_code::kIllegalDataAddress;
        const auto cell = static_cast<std::size_t>(rel / kRegistersPerCell);
        std::uint16_t gross_status = kStatusStable, net_status = kStatusStable;
        std::array<std::uint16_t, kRegistersPerCell> regs{};
        put_weight(gross_kg_[cell] - zero_kg_[cell], gross_status, regs[1], regs[2]);
        put_weight(gross_kg_[cell] - zero_kg_[cell] - tare_kg_[cell], net_status, regs[3], regs[4]);
        regs[0] = static_cast<std::uint16_t>(gross_status | (net_status & kStatusNegative) << 1);
        out[i] = regs[static_cast<std::size_t>(rel % kRegistersPerCell)];
    }
    return 0;
}

std::uint8_t StandingDeck::write(std::uint16_t address, std::span<const std::uint16_t> values,
                                 Clock::time_point) {
    if (address != kCommandRegister || values.size() != 1)
        return exception_code::kIllegalDataAddress;
    if (values[0] == 0x01) {
        zero_kg_ = gross_kg_;
        tare_kg_ = {};
    } else if (values[0] == 0x02) {
        for (std::size_t i = 0; i < 4; ++i)
            tare_kg_[i] = gross_kg_[i] - zero_kg_[i];
    } else {
        return exception_code::kIllegalDataValue;
    }
    return 0;
}

std::string StandingDeck::status_line() const {
    char line[120];
    double total = 0;
    for (std::size_t i = 0; i < 4; ++i)
        total += gross_kg_[i] - zero_kg_[i];
    std::snprintf(line, sizeof line, "deck %6.1f kg on 4 cells", total);
    return line;
}

nlohmann::json StandingDeck::status_json() const {
    return {{"kind", "force-plate"}, {"model", "standing"}, {"gross_kg", gross_kg_}};
}

} // namespace tg::sim
