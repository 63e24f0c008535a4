#include "drivers/forceplate/weight_block.hpp"

#include <algorithm>
#include <cstdlib>

namespace tg::forceplate {
namespace {

std::int32_t signed_magnitude(std::span<const std::uint16_t> regs, std::size_t at, bool negative) {
    const std::uint32_t magnitude = (std::uint32_t{regs[at]} << 16) | regs[at + 1];
    const auto value = static_cast<std::int32_t>(std::min<std::uint32_t>(magnitude, 0x7FFFFFFF));
    return negative ? -value : value;
}

void put_magnitude(std::span<std::uint16_t> regs, std::size_t at, std::int32_t value) {
    const auto magnitude = static_cast<std::uint32_t>(std::labs(value));
    regs[at] = static_cast<std::uint16_t>(magnitude >> 16);
    regs[at + 1] = static_cast<std::uint16_t>(magnitude & 0xFFFF);
}

std::uint16_t with_sign(std::uint16_t status, const devicemap::BitPattern& sign, bool negative) {
    const std::uint16_t bits =
        negative ? sign.value : static_cast<std::uint16_t>(sign.mask & ~sign.value);
    return static_cast<std::uint16_t>((status & ~sign.mask) | bits);
}

} // namespace

WeightBlock decode_weight_block(const devicemap::WeightRegisterLayout& layout,
                                std::span<const std::uint16_t> registers) {
    WeightBlock b;
    for (std::size_t c = 0; c < kPlateCells; ++c) {
        const std::uint16_t status = registers[layout.status_at(c)];
        b.status[c] = status;
        b.counts[c] =
            signed_magnitude(registers, layout.gross_at(c), layout.gross_negative.matches(status));
        b.net[c] =
            signed_magnitude(registers, layout.net_at(c), layout.net_negative.matches(status));
        if ((layout.error && layout.error->matches(status)) ||
            (layout.underload && layout.underload->matches(status)))
            b.any_cell_error = true;
    }
    return b;
}

void encode_weight_cell(const devicemap::WeightRegisterLayout& layout, std::size_t cell,
                        std::int32_t gross, std::int32_t net, std::span<std::uint16_t> registers) {
    auto& status = registers[layout.status_at(cell)];
    status = with_sign(status, layout.gross_negative, gross < 0);
    status = with_sign(status, layout.net_negative, net < 0);
    put_magnitude(registers, layout.gross_at(cell), gross);
    put_magnitude(registers, layout.net_at(cell), net);
}

} // namespace tg::forceplate
