#include "controller/c3d/c3d_writer.hpp"

#include "controller/c3d/c3d_error.hpp"
#include "controller/c3d/c3d_file.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

namespace tg::c3d {

namespace {

constexpr double integer_full_scale = 32000.0; // of 32767: headroom for rounding

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// Builds the parameter section record by record.
class SectionWriter {
public:
    // The first 4 bytes are the section header, filled in by the caller.
    SectionWriter(Processor proc, const std::string& target)
        : proc_(proc), target_(target), out_(4, 0) {}

    void group(int id, const std::string& name, const std::string& description) {
        begin(name, static_cast<std::int8_t>(-id));
        text_bytes(description, true);
    }

    void integers(int id, const std::string& name, const std::vector<std::size_t>& dims,
                  const std::vector<double>& values) {
        begin(name, static_cast<std::int8_t>(id));
        shape(2, dims);
        for (double v : values) {
            std::uint8_t b[2];
            encode_int16(static_cast<std::int16_t>(std::lround(v)), b, proc_);
            out_.insert(out_.end(), b, b + 2);
        }
        text_bytes("", true);
    }

    void reals(int id, const std::string& name, const std::vector<std::size_t>& dims,
               const std::vector<double>& values) {
        begin(name, static_cast<std::int8_t>(id));
        shape(4, dims);
        for (double v : values) {
            std::uint8_t b[4];
            encode_float(static_cast<float>(v), b, proc_);
            out_.insert(out_.end(), b, b + 4);
        }
        text_bytes("", true);
    }

    void texts(int id, const std::string& name, const std::vector<std::string>& values) {
        begin(name, static_cast<std::int8_t>(id));
        std::size_t width = 1;
        for (const auto& v : values)
            width = std::max(width, v.size());
        if (width > 255 || values.size() > 255)
            throw C3dError(target_, 0, name + ": too long for a C3D character parameter");
        shape(-1, {width, values.size()});
        for (const auto& v : values) {
            std::string padded = v;
            padded.resize(width, ' ');
            out_.insert(out_.end(), padded.begin(), padded.end());
        }
        text_bytes("", true);
    }

    // Closes the list: the last record's link is 0, then pads to whole blocks.
    std::vector<std::uint8_t> finish() {
        if (last_link_) link(*last_link_, 0);
        out_.resize(((out_.size() + block_size - 1) / block_size) * block_size, 0);
        return std::move(out_);
    }

private:
    void begin(const std::string& name, std::int8_t id) {
        if (name.empty() || name.size() > 127)
            throw C3dError(target_, 0, "parameter name '" + name + "' is not 1-127 characters");
        const std::size_t start = out_.size();
        if (last_link_) link(*last_link_, start - *last_link_);
        const std::string n = upper(name);
        out_.push_back(static_cast<std::uint8_t>(n.size()));
        out_.push_back(static_cast<std::uint8_t>(id));
        out_.insert(out_.end(), n.begin(), n.end());
        last_link_ = out_.size();
        out_.push_back(0);
        out_.push_back(0);
    }

    void link(std::size_t at, std::size_t distance) {
        if (distance > 65535) throw C3dError(target_, at, "parameter record too long");
        encode_int16(static_cast<std::int16_t>(static_cast<std::uint16_t>(distance)), &out_[at],
                     proc_);
    }

    void shape(int type, const std::vector<std::size_t>& dims) {
        out_.push_back(static_cast<std::uint8_t>(static_cast<std::int8_t>(type)));
        out_.push_back(static_cast<std::uint8_t>(dims.size()));
        for (std::size_t d : dims) {
            if (d > 255) throw C3dError(target_, out_.size(), "parameter dimension over 255");
            out_.push_back(static_cast<std::uint8_t>(d));
        }
    }

    void text_bytes(const std::string& s, bool with_length) {
        const std::string t = s.substr(0, 255);
        if (with_length) out_.push_back(static_cast<std::uint8_t>(t.size()));
        out_.insert(out_.end(), t.begin(), t.end());
    }

    Processor proc_;
    const std::string& target_;
    std::vector<std::uint8_t> out_;
    std::optional<std::size_t> last_link_;
};

std::size_t sample_count(const C3dContent& c, const std::string& target) {
    if (c.channels.empty()) throw C3dError(target, 0, "no analog channels to write");
    const std::size_t n = c.channels.front().values.size();
    for (const auto& ch : c.channels)
        if (ch.values.size() != n)
            throw C3dError(target, 0,
                           "channel " + ch.label + " has " + std::to_string(ch.values.size()) +
                               " samples, not " + std::to_string(n));
    if (c.channels.size() > 255) throw C3dError(target, 0, "more than 255 analog channels");
    if (n > 0xffffffffu) throw C3dError(target, 0, "more than 2^32 frames");
    if (!(c.analog_rate_hz > 0.0)) throw C3dError(target, 0, "the analog rate must be positive");
    return n;
}

std::vector<double> integer_scales(const C3dContent& c) {
    std::vector<double> scales;
    for (const auto& ch : c.channels) {
        double peak = 0.0;
        for (double v : ch.values)
            peak = std::max(peak, std::abs(v));
        scales.push_back(peak > 0.0 ? peak / integer_full_scale : 1.0);
    }
    return scales;
}

void write_calibration(SectionWriter& w, const C3dContent& c, const std::string& target) {
    const PlateDescription* shaped = nullptr;
    for (const auto& p : c.plates)
        if (!p.cal_matrix.empty()) shaped = &p;
    if (!shaped) return;
    const std::size_t rows = shaped->cal_rows;
    const std::size_t cols = rows ? shaped->cal_matrix.size() / rows : 0;
    if (rows == 0 || rows * cols != shaped->cal_matrix.size())
        throw C3dError(target, 0, "a calibration matrix is not rows x columns");
    std::vector<double> all;
    for (const auto& p : c.plates) {
        if (p.cal_matrix.empty()) {
            all.insert(all.end(), rows * cols, 0.0);
            continue;
        }
        if (p.cal_rows != rows || p.cal_matrix.size() != rows * cols)
            throw C3dError(target, 0, "calibration matrices of different shapes");
        all.insert(all.end(), p.cal_matrix.begin(), p.cal_matrix.end());
    }
    w.reals(3, "CAL_MATRIX", {rows, cols, c.plates.size()}, all);
}

std::vector<std::uint8_t> parameters(const C3dContent& c, std::size_t frames,
                                     const std::vector<double>& scales, const std::string& target) {
    SectionWriter w(c.processor, target);
    const std::size_t n = c.channels.size();
    std::vector<std::string> labels, units, descriptions;
    for (const auto& ch : c.channels) {
        labels.push_back(ch.label);
        units.push_back(ch.unit);
        descriptions.push_back(ch.description);
    }
    w.group(1, "POINT", "3-D point parameters");
    w.integers(1, "USED", {}, {0});
    w.reals(1, "SCALE", {}, {c.float_data ? -1.0 : 1.0});
    w.reals(1, "RATE", {}, {c.analog_rate_hz});
    w.reals(1, "FRAMES", {}, {static_cast<double>(frames)});
    w.group(2, "ANALOG", "analog data parameters");
    w.integers(2, "USED", {}, {static_cast<double>(n)});
    w.texts(2, "LABELS", labels);
    w.texts(2, "DESCRIPTIONS", descriptions);
    w.texts(2, "UNITS", units);
    w.reals(2, "GEN_SCALE", {}, {1.0});
    w.reals(2, "SCALE", {n}, scales);
    w.integers(2, "OFFSET", {n}, std::vector<double>(n, 0.0));
    w.reals(2, "RATE", {}, {c.analog_rate_hz});
    w.texts(2, "FORMAT", {"SIGNED"});
    w.integers(2, "BITS", {}, {16});
    const std::size_t plates = c.plates.size();
    w.group(3, "FORCE_PLATFORM", "force platforms");
    w.integers(3, "USED", {}, {static_cast<double>(plates)});
    std::vector<double> types, channel_numbers, corners, origins;
    std::size_t rows = 1;
    for (const auto& p : c.plates)
        rows = std::max(rows, p.channels.size());
    for (const auto& p : c.plates) {
        types.push_back(p.type);
        for (std::size_t i = 0; i < rows; ++i) {
            const std::size_t ch = i < p.channels.size() ? p.channels[i] : 0;
            if (i < p.channels.size() && (ch < 1 || ch > n))
                throw C3dError(target, 0,
                               "a force platform reads channel " + std::to_string(ch) + " of " +
                                   std::to_string(n));
            channel_numbers.push_back(static_cast<double>(ch));
        }
        for (const auto& corner : p.corners)
            corners.insert(corners.end(), corner.begin(), corner.end());
        origins.insert(origins.end(), p.origin.begin(), p.origin.end());
    }
    w.integers(3, "TYPE", {plates}, types);
    w.integers(3, "ZERO", {2}, {0, 0}); // no baseline correction: the belt is never unloaded
    w.integers(3, "CHANNEL", {rows, plates}, channel_numbers);
    w.reals(3, "CORNERS", {3, 4, plates}, corners);
    w.reals(3, "ORIGIN", {3, plates}, origins);
    write_calibration(w, c, target);
    w.group(4, "TRIAL", "trial parameters");
    const auto low = [](std::size_t v) { return static_cast<double>(v & 0xffffu); };
    const auto high = [](std::size_t v) { return static_cast<double>(v >> 16); };
    w.integers(4, "ACTUAL_START_FIELD", {2}, {1, 0});
    w.integers(4, "ACTUAL_END_FIELD", {2}, {low(frames), high(frames)});
    if (!c.metadata.empty()) {
        w.group(5, "TREADGUARD", "treadguard session metadata");
        for (const auto& [key, value] : c.metadata)
            w.texts(5, key, {value});
    }
    return w.finish();
}

void put_header(std::vector<std::uint8_t>& out, const C3dContent& c, std::size_t frames,
                std::size_t data_block) {
    const Processor proc = c.processor;
    auto word = [&](std::size_t n, std::size_t value) {
        encode_int16(static_cast<std::int16_t>(static_cast<std::uint16_t>(value)),
                     &out[2 * (n - 1)], proc);
    };
    out[0] = 2;
    out[1] = c3d_key;
    word(2, 0);
    word(3, c.channels.size());
    word(4, 1);
    word(5, std::min<std::size_t>(frames, 65535));
    word(6, 0);
    encode_float(c.float_data ? -1.0f : 1.0f, &out[12], proc);
    word(9, data_block);
    word(10, 1);
    encode_float(static_cast<float>(c.analog_rate_hz), &out[20], proc);
}

} // namespace

std::vector<std::uint8_t> encode_c3d(const C3dContent& c, const std::string& target) {
    const std::size_t frames = sample_count(c, target);
    const std::vector<double> scales =
        c.float_data ? std::vector<double>(c.channels.size(), 1.0) : integer_scales(c);
    const std::vector<std::uint8_t> section = parameters(c, frames, scales, target);
    const std::size_t section_blocks = section.size() / block_size;
    if (section_blocks > 255) throw C3dError(target, 0, "parameter section over 255 blocks");
    const std::size_t data_block = 2 + section_blocks;
    if (data_block > 65535) throw C3dError(target, 0, "data block number over 65535");

    const std::size_t width = c.float_data ? 4 : 2;
    std::vector<std::uint8_t> out(block_size, 0);
    put_header(out, c, frames, data_block);
    out.insert(out.end(), section.begin(), section.end());
    out[block_size + 0] = 1; // parameter section header: first block, key, block count, processor
    out[block_size + 1] = c3d_key;
    out[block_size + 2] = static_cast<std::uint8_t>(section_blocks);
    out[block_size + 3] = static_cast<std::uint8_t>(c.processor);
    const std::size_t data_at = out.size();
    out.resize(data_at + frames * c.channels.size() * width, 0);
    std::uint8_t* p = out.data() + data_at;
    for (std::size_t s = 0; s < frames; ++s) {
        for (std::size_t ch = 0; ch < c.channels.size(); ++ch, p += width) {
            const double v = c.channels[ch].values[s];
            if (c.float_data)
                encode_float(static_cast<float>(v), p, c.processor);
            else
                encode_int16(static_cast<std::int16_t>(std::lround(v / scales[ch])), p,
                             c.processor);
        }
    }
    out.resize(((out.size() + block_size - 1) / block_size) * block_size, 0);
    return out;
}

} // namespace tg::c3d
