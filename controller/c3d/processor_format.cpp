#include "controller/c3d/processor_format.hpp"

#include <bit>
#include <cstring>

namespace tg::c3d {

namespace {

std::uint32_t little32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
}

std::uint32_t big32(const std::uint8_t* p) {
    return std::uint32_t{p[3]} | std::uint32_t{p[2]} << 8 | std::uint32_t{p[1]} << 16 |
           std::uint32_t{p[0]} << 24;
}

void put_little32(std::uint32_t v, std::uint8_t* p) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void put_big32(std::uint32_t v, std::uint8_t* p) {
    for (int i = 0; i < 4; ++i)
        p[3 - i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// VAX F floating point is IEEE single with its two 16-bit halves swapped, an
// exponent bias of 128 instead of 127 and the hidden bit at 0.5 instead of 1: the
// same bits read as IEEE after the swap are four times the value.
float from_vax(const std::uint8_t* p) {
    const std::uint32_t bits = std::uint32_t{p[2]} | std::uint32_t{p[3]} << 8 |
                               std::uint32_t{p[0]} << 16 | std::uint32_t{p[1]} << 24;
    if ((bits & 0x7f800000u) == 0) return 0.0f; // exponent 0: zero (or a reserved operand)
    return std::bit_cast<float>(bits) / 4.0f;
}

void to_vax(float value, std::uint8_t* p) {
    std::uint32_t bits = std::bit_cast<std::uint32_t>(value * 4.0f);
    if (value == 0.0f) bits = 0;
    p[2] = static_cast<std::uint8_t>(bits);
    p[3] = static_cast<std::uint8_t>(bits >> 8);
    p[0] = static_cast<std::uint8_t>(bits >> 16);
    p[1] = static_cast<std::uint8_t>(bits >> 24);
}

} // namespace

std::optional<Processor> processor_from_code(std::uint8_t code) {
    if (code == 84) return Processor::intel;
    if (code == 85) return Processor::dec;
    if (code == 86) return Processor::mips;
    return std::nullopt;
}

const char* processor_name(Processor p) {
    switch (p) {
    case Processor::intel:
        return "Intel";
    case Processor::dec:
        return "DEC";
    case Processor::mips:
        return "MIPS";
    }
    return "?";
}

std::uint16_t decode_uint16(const std::uint8_t* p, Processor proc) {
    if (proc == Processor::mips) return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
    return static_cast<std::uint16_t>(p[1] << 8 | p[0]);
}

std::int16_t decode_int16(const std::uint8_t* p, Processor proc) {
    return static_cast<std::int16_t>(decode_uint16(p, proc));
}

float decode_float(const std::uint8_t* p, Processor proc) {
    switch (proc) {
    case Processor::intel:
        return std::bit_cast<float>(little32(p));
    case Processor::mips:
        return std::bit_cast<float>(big32(p));
    case Processor::dec:
        return from_vax(p);
    }
    return 0.0f;
}

void encode_int16(std::int16_t value, std::uint8_t* p, Processor proc) {
    const auto u = static_cast<std::uint16_t>(value);
    if (proc == Processor::mips) {
        p[0] = static_cast<std::uint8_t>(u >> 8);
        p[1] = static_cast<std::uint8_t>(u);
    } else {
        p[0] = static_cast<std::uint8_t>(u);
        p[1] = static_cast<std::uint8_t>(u >> 8);
    }
}

void encode_float(float value, std::uint8_t* p, Processor proc) {
    switch (proc) {
    case Processor::intel:
        put_little32(std::bit_cast<std::uint32_t>(value), p);
        return;
    case Processor::mips:
        put_big32(std::bit_cast<std::uint32_t>(value), p);
        return;
    case Processor::dec:
        to_vax(value, p);
        return;
    }
}

} // namespace tg::c3d
