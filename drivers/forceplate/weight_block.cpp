#include "drivers/forceplate/weight_block.hpp"

#include <algorithm>
#include <cstdlib>

namespace tg::forceplate {

WeightBlock decode_weight_block(const devicemap::WeightRegisterLayout& layout,
                                std::span<const std::uint16_t> registers) {
    WeightBlock b;
    for (std::size_t c = 0; c < kPlateCells; ++c) {
        const auto base = c * static_cast<std::size_t>(layout.registers_per_cell);
        const std::uint16_t status =
            registers[base + static_cast<std::size_t>(layout.status_offset)];
        const auto w = base + static_cast<std::size_t>(layout.weight_offset);
        const std::uint32_t magnitude = (std::uint32_t{registers[w]} << 16) | registers[w + 1];
        const auto value =
            static_cast<std::int32_t>(std::min<std::uint32_t>(magnitude, 0x7FFFFFFF));
        b.counts[c] = layout.negative.matches(status) ? -value : value;
        if (layout.error && layout.error->matches(status)) b.any_cell_error = true;
    }
    return b;
}

void encode_weight_cell(const devicemap::WeightRegisterLayout& layout, std::size_t cell,
                        std::int32_t count, std::span<std::uint16_t> registers) {
    const auto base = cell * static_cast<std::size_t>(layout.registers_per_cell);
    auto& status = registers[base + static_cast<std::size_t>(layout.status_offset)];
    const auto& neg = layout.negative;
    const std::uint16_t sign =
        count < 0 ? neg.value : static_cast<std::uint16_t>(neg.mask & ~neg.value);
    status = static_cast<std::uint16_t>((status & ~neg.mask) | sign);
    const auto magnitude = static_cast<std::uint32_t>(std::labs(count));
    const auto w = base + static_cast<std::size_t>(layout.weight_offset);
    registers[w] = static_cast<std::uint16_t>(magnitude >> 16);
    registers[w + 1] = static_cast<std::uint16_t>(magnitude & 0xFFFF);
}

} // namespace tg::forceplate
