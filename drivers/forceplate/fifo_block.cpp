#include "drivers/forceplate/fifo_block.hpp"

#include "drivers/devicemap/force_plate_map.hpp"

#include <algorithm>

namespace tg::forceplate {
namespace {

constexpr std::size_t kHeader = devicemap::FifoLayout::kHeaderRegisters;
constexpr std::size_t kSample = devicemap::FifoLayout::kSampleRegisters;

} // namespace

FifoBlockHeader decode_fifo_header(std::span<const std::uint16_t> r) {
    return {r[0], r[1], r[2], (std::uint32_t{r[3]} << 16) | r[4]};
}

void encode_fifo_header(const FifoBlockHeader& h, std::span<std::uint16_t> r) {
    r[0] = h.status;
    r[1] = h.available;
    r[2] = h.count;
    r[3] = static_cast<std::uint16_t>(h.first_sequence >> 16);
    r[4] = static_cast<std::uint16_t>(h.first_sequence & 0xFFFF);
}

void encode_fifo_sample(const RawCounts& counts, std::span<std::uint16_t> r) {
    std::array<std::uint8_t, 2 * kSample> bytes{};
    for (std::size_t c = 0; c < kPlateCells; ++c) {
        const auto v = static_cast<std::uint32_t>(std::clamp(counts[c], kInt24Min, kInt24Max));
        bytes[3 * c] = static_cast<std::uint8_t>((v >> 16) & 0xFF);
        bytes[3 * c + 1] = static_cast<std::uint8_t>((v >> 8) & 0xFF);
        bytes[3 * c + 2] = static_cast<std::uint8_t>(v & 0xFF);
    }
    for (std::size_t k = 0; k < kSample; ++k)
        r[k] = static_cast<std::uint16_t>((bytes[2 * k] << 8) | bytes[2 * k + 1]);
}

RawCounts decode_fifo_sample(std::span<const std::uint16_t> r) {
    std::array<std::uint8_t, 2 * kSample> bytes{};
    for (std::size_t k = 0; k < kSample; ++k) {
        bytes[2 * k] = static_cast<std::uint8_t>(r[k] >> 8);
        bytes[2 * k + 1] = static_cast<std::uint8_t>(r[k] & 0xFF);
    }
    RawCounts counts{};
    for (std::size_t c = 0; c < kPlateCells; ++c) {
        const std::uint32_t u = (std::uint32_t{bytes[3 * c]} << 16) |
                                (std::uint32_t{bytes[3 * c + 1]} << 8) | bytes[3 * c + 2];
        // Sign-extend from bit 23.
        counts[c] = static_cast<std::int32_t>(u ^ 0x800000u) - 0x800000;
    }
    return counts;
}

std::optional<std::string> decode_fifo_block(std::span<const std::uint16_t> registers,
                                             FifoBlockHeader& header, std::span<RawSample> out) {
    if (registers.size() < kHeader) return "a FIFO block read needs at least 5 registers";
    header = decode_fifo_header(registers);
    const std::size_t carried = (registers.size() - kHeader) / kSample;
    if (header.count > carried || header.count > out.size())
        return "the FIFO block claims " + std::to_string(header.count) +
               " samples but the read carries room for " + std::to_string(carried);
    for (std::size_t i = 0; i < header.count; ++i) {
        out[i].sequence = header.first_sequence + static_cast<std::uint32_t>(i);
        out[i].counts = decode_fifo_sample(registers.subspan(kHeader + i * kSample, kSample));
    }
    return std::nullopt;
}

} // namespace tg::forceplate
