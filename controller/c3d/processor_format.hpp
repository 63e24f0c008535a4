#pragma once
// The three number encodings a C3D file may use, named by the processor that wrote
// it (parameter section byte 4): Intel (little-endian integers, IEEE floats), DEC
// (little-endian integers, VAX F floats) and MIPS (big-endian integers and IEEE).

#include <cstdint>
#include <optional>

namespace tg::c3d {

enum class Processor : std::uint8_t { intel = 84, dec = 85, mips = 86 };

std::optional<Processor> processor_from_code(std::uint8_t code);
const char* processor_name(Processor p);

std::int16_t decode_int16(const std::uint8_t* p, Processor proc);
std::uint16_t decode_uint16(const std::uint8_t* p, Processor proc);
float decode_float(const std::uint8_t* p, Processor proc);

void encode_int16(std::int16_t value, std::uint8_t* p, Processor proc);
void encode_float(float value, std::uint8_t* p, Processor proc);

} // namespace tg::c3d
