#include "controller/fit/fit_encoder.hpp"

#include "controller/fit/fit_crc.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>

namespace tg::fit {

namespace {

constexpr std::uint8_t header_size = 14;
constexpr std::uint8_t protocol_version = 0x20; // 2.0: developer fields
constexpr std::uint16_t profile_version = 2132; // 21.32
constexpr std::size_t local_types = 16;

std::size_t size_of(const Field& f) {
    switch (f.type) {
    case BaseType::enum_:
    case BaseType::uint8:
        return 1;
    case BaseType::uint16:
        return 2;
    case BaseType::sint32:
    case BaseType::uint32:
    case BaseType::float32:
    case BaseType::uint32z:
        return 4;
    case BaseType::string:
    case BaseType::byte:
        return f.text.size();
    }
    return 0;
}

void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Integers are rounded and clamped below the type's "invalid" value (all ones).
std::uint64_t integer(double v, std::size_t n) {
    const double max = std::ldexp(1.0, static_cast<int>(8 * n)) - 2.0;
    if (!std::isfinite(v) || v < 0) return 0;
    return static_cast<std::uint64_t>(std::min(max, std::round(v)));
}

void put_value(std::vector<std::uint8_t>& out, const Field& f) {
    const std::size_t n = size_of(f);
    if (f.type == BaseType::string || f.type == BaseType::byte) {
        out.insert(out.end(), f.text.begin(), f.text.end());
    } else if (f.type == BaseType::float32) {
        // NaN is "no value": FIT's invalid float32 is all ones.
        put_le(out,
               std::isnan(f.value) ? 0xffffffffu
                                   : std::bit_cast<std::uint32_t>(static_cast<float>(f.value)),
               4);
    } else if (f.type == BaseType::sint32) {
        put_le(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(std::lround(f.value))), 4);
    } else {
        put_le(out, integer(f.value, n), n);
    }
}

} // namespace

std::uint32_t fit_time(double unix_seconds) {
    return static_cast<std::uint32_t>(std::llround(unix_seconds - fit_epoch_unix_s));
}

std::uint8_t FitEncoder::local_type(std::uint16_t global, const std::vector<Field>& fields) {
    Layout layout{global, {}};
    for (const Field& f : fields) {
        if (size_of(f) == 0 || size_of(f) > 255) throw std::invalid_argument("FIT field size");
        layout.signature.push_back(f.number);
        layout.signature.push_back(static_cast<std::uint8_t>(size_of(f)));
        layout.signature.push_back(f.developer ? developer_index
                                               : static_cast<std::uint8_t>(f.type));
        layout.signature.push_back(f.developer ? 1 : 0);
    }
    for (std::size_t i = 0; i < locals_.size(); ++i)
        if (locals_[i].global == layout.global && locals_[i].signature == layout.signature)
            return static_cast<std::uint8_t>(i);
    // A new layout: the next local type in turn (older ones are redefined when reused).
    const std::size_t local = next_local_;
    next_local_ = (next_local_ + 1) % local_types;
    if (local < locals_.size())
        locals_[local] = layout;
    else
        locals_.push_back(layout);

    std::vector<Field> normal, developer;
    for (const Field& f : fields)
        (f.developer ? developer : normal).push_back(f);
    const bool has_dev = !developer.empty();
    records_.push_back(static_cast<std::uint8_t>(0x40 | (has_dev ? 0x20 : 0) | local));
    records_.push_back(0); // reserved
    records_.push_back(0); // little-endian
    put_le(records_, global, 2);
    records_.push_back(static_cast<std::uint8_t>(normal.size()));
    for (const Field& f : normal) {
        records_.push_back(f.number);
        records_.push_back(static_cast<std::uint8_t>(size_of(f)));
        records_.push_back(static_cast<std::uint8_t>(f.type));
    }
    if (has_dev) {
        records_.push_back(static_cast<std::uint8_t>(developer.size()));
        for (const Field& f : developer) {
            records_.push_back(f.number);
            records_.push_back(static_cast<std::uint8_t>(size_of(f)));
            records_.push_back(developer_index);
        }
    }
    return static_cast<std::uint8_t>(local);
}

void FitEncoder::message(std::uint16_t global, const std::vector<Field>& fields) {
    const std::uint8_t local = local_type(global, fields);
    records_.push_back(local);
    // Normal fields first, then developer fields: the order the definition lists them.
    for (const Field& f : fields)
        if (!f.developer) put_value(records_, f);
    for (const Field& f : fields)
        if (f.developer) put_value(records_, f);
}

std::vector<std::uint8_t> FitEncoder::finish() const {
    std::vector<std::uint8_t> out;
    out.push_back(header_size);
    out.push_back(protocol_version);
    put_le(out, profile_version, 2);
    put_le(out, records_.size(), 4);
    out.insert(out.end(), {'.', 'F', 'I', 'T'});
    put_le(out, fit_crc(out), 2);
    out.insert(out.end(), records_.begin(), records_.end());
    put_le(out, fit_crc(out), 2);
    return out;
}

} // namespace tg::fit
