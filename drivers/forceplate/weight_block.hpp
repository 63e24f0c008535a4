#pragma once
// The register format of a weighing transmitter's per-cell block (weight-registers
// protocol, e.g. the DGT4X): a status word and an int32 magnitude whose sign is a
// status bit. Decoding for the driver, encoding for the simulator.
#include "drivers/devicemap/force_plate_map.hpp"
#include "drivers/forceplate/raw_sample.hpp"

#include <array>
#include <span>

namespace tg::forceplate {

struct WeightBlock {
    RawCounts counts{}; // gross, signed, in display divisions
    RawCounts net{};    // net (gross - tare), signed
    std::array<std::uint16_t, devicemap::kPlateCells> status{};
    bool any_cell_error = false; // a cell flagged overload / ADC error / underload
};

// `registers` holds layout.block_registers() registers from layout.first_register.
WeightBlock decode_weight_block(const devicemap::WeightRegisterLayout& layout,
                                std::span<const std::uint16_t> registers);
void encode_weight_cell(const devicemap::WeightRegisterLayout& layout, std::size_t cell,
                        std::int32_t gross, std::int32_t net, std::span<std::uint16_t> registers);

} // namespace tg::forceplate
