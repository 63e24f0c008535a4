#pragma once
// Low-level FIT encoding (protocol 2.0, little-endian): definition and data messages,
// developer fields, the 14-byte header and the trailing CRC. Knows nothing of
// activities; fit_activity.hpp builds those from it.

#include <cstdint>
#include <string>
#include <vector>

namespace tg::fit {

enum class BaseType : std::uint8_t {
    enum_ = 0x00,
    uint8 = 0x02,
    uint16 = 0x84,
    sint32 = 0x85,
    uint32 = 0x86,
    string = 0x07,
    float32 = 0x88,
    uint32z = 0x8C,
    byte = 0x0D,
};

// One field of a message: its number in the FIT profile, type and value. Strings and
// byte arrays carry their bytes in `text` (size = text size, strings NUL-terminated).
struct Field {
    std::uint8_t number = 0;
    BaseType type = BaseType::uint8;
    double value = 0.0;
    std::string text;
    bool developer = false; // a developer field: number is its field_definition_number

    static Field u8(std::uint8_t n, double v) { return {n, BaseType::uint8, v, {}, false}; }
    static Field en(std::uint8_t n, double v) { return {n, BaseType::enum_, v, {}, false}; }
    static Field u16(std::uint8_t n, double v) { return {n, BaseType::uint16, v, {}, false}; }
    static Field u32(std::uint8_t n, double v) { return {n, BaseType::uint32, v, {}, false}; }
    static Field u32z(std::uint8_t n, double v) { return {n, BaseType::uint32z, v, {}, false}; }
    static Field str(std::uint8_t n, const std::string& s) {
        return {n, BaseType::string, 0.0, s + '\0', false};
    }
    static Field bytes(std::uint8_t n, const std::string& b) {
        return {n, BaseType::byte, 0.0, b, false};
    }
    static Field dev_f32(std::uint8_t n, double v) { return {n, BaseType::float32, v, {}, true}; }
};

class FitEncoder {
public:
    // Writes one message; a definition message goes first whenever this global message
    // number's layout differs from the last one written under its local type.
    void message(std::uint16_t global, const std::vector<Field>& fields);

    // The complete file: header, messages, CRC.
    std::vector<std::uint8_t> finish() const;

    // The developer data index every developer field uses.
    static constexpr std::uint8_t developer_index = 0;

private:
    struct Layout {
        std::uint16_t global = 0;
        std::vector<std::uint8_t> signature; // per field: number, size, type/dev
    };
    std::uint8_t local_type(std::uint16_t global, const std::vector<Field>& fields);

    std::vector<std::uint8_t> records_;
    std::vector<Layout> locals_; // index = local message type (0-15)
    std::size_t next_local_ = 0;
};

// Unix seconds to FIT time (seconds since 1989-12-31T00:00:00Z).
std::uint32_t fit_time(double unix_seconds);
inline constexpr double fit_epoch_unix_s = 631065600.0;

} // namespace tg::fit
