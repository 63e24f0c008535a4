#pragma once
// The register format of the sample-FIFO front end (hw/devices/loadcell-fifo-4ch.md):
// a 5-register header, then per sample four int24 counts packed big-endian into 6
// registers. Decoding for the driver, encoding for the simulator and firmware tests.
#include "drivers/forceplate/raw_sample.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tg::forceplate {

struct FifoBlockHeader {
    std::uint16_t status = 0;
    std::uint16_t available = 0; // samples in the FIFO before this read
    std::uint16_t count = 0;     // samples in this block
    std::uint32_t first_sequence = 0;
};

inline constexpr std::int32_t kInt24Min = -(1 << 23);
inline constexpr std::int32_t kInt24Max = (1 << 23) - 1;

FifoBlockHeader decode_fifo_header(std::span<const std::uint16_t> registers);
void encode_fifo_header(const FifoBlockHeader& header, std::span<std::uint16_t> registers);

// Counts outside the int24 range are clamped (an ADC saturates the same way).
void encode_fifo_sample(const RawCounts& counts, std::span<std::uint16_t> six_registers);
RawCounts decode_fifo_sample(std::span<const std::uint16_t> six_registers);

// Decodes a whole block read into `out` (sequence numbers filled in). Returns the reason
// when the header claims more samples than the read carried or than `out` holds.
std::optional<std::string> decode_fifo_block(std::span<const std::uint16_t> registers,
                                             FifoBlockHeader& header, std::span<RawSample> out);

} // namespace tg::forceplate
