#include "controller/c3d/c3d_file.hpp"

#include "controller/c3d/c3d_error.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

namespace tg::c3d {

namespace {

struct Header {
    std::size_t parameter_block = 0;
    std::size_t points = 0;
    std::size_t analog_values_per_frame = 0;
    std::size_t first_frame = 0;
    std::size_t last_frame = 0;
    float scale = 0.0f;
    std::size_t data_block = 0;
    std::size_t analog_samples_per_frame = 0;
    float frame_rate = 0.0f;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string number_text(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

Header read_header(std::span<const std::uint8_t> b, Processor proc) {
    auto word = [&](std::size_t n) { return decode_uint16(&b[2 * (n - 1)], proc); };
    Header h;
    h.parameter_block = b[0];
    h.points = word(2);
    h.analog_values_per_frame = word(3);
    h.first_frame = word(4);
    h.last_frame = word(5);
    h.scale = decode_float(&b[12], proc);
    h.data_block = word(9);
    h.analog_samples_per_frame = word(10);
    h.frame_rate = decode_float(&b[20], proc);
    return h;
}

// Parameters LABELS, LABELS2, LABELS3 ... (C3D splits arrays longer than 255 so).
std::vector<std::string> texts_of(const ParameterSet& ps, const std::string& group,
                                  const std::string& name) {
    std::vector<std::string> out;
    for (int k = 1; k < 100; ++k) {
        const Parameter* p = ps.find(group, k == 1 ? name : name + std::to_string(k));
        if (!p) break;
        out.insert(out.end(), p->texts.begin(), p->texts.end());
    }
    return out;
}

std::vector<double> numbers_of(const ParameterSet& ps, const std::string& group,
                               const std::string& name, bool as_unsigned) {
    std::vector<double> out;
    for (int k = 1; k < 100; ++k) {
        const Parameter* p = ps.find(group, k == 1 ? name : name + std::to_string(k));
        if (!p) break;
        for (std::size_t i = 0; i < p->count(); ++i)
            out.push_back(as_unsigned ? p->unsigned_number(i) : p->numbers[i]);
    }
    return out;
}

std::optional<double> first_number(const ParameterSet& ps, const char* group, const char* name) {
    const Parameter* p = ps.find(group, name);
    if (!p || p->numbers.empty()) return std::nullopt;
    return p->numbers.front();
}

// Frames beyond 65535 do not fit the header: TRIAL:ACTUAL_START_FIELD/END_FIELD
// (two 16-bit words each) or POINT:FRAMES then hold the count.
std::size_t frame_count(const Header& h, const ParameterSet& ps, const std::string& source) {
    if (h.last_frame < h.first_frame)
        throw C3dError(source, 8,
                       "last frame " + std::to_string(h.last_frame) + " is before first frame " +
                           std::to_string(h.first_frame));
    std::size_t frames = h.last_frame - h.first_frame + 1;
    const Parameter* start = ps.find("TRIAL", "ACTUAL_START_FIELD");
    const Parameter* end = ps.find("TRIAL", "ACTUAL_END_FIELD");
    if (start && end && start->count() >= 2 && end->count() >= 2) {
        const double s = start->unsigned_number(0) + 65536.0 * start->unsigned_number(1);
        const double e = end->unsigned_number(0) + 65536.0 * end->unsigned_number(1);
        if (e >= s && e - s + 1 > static_cast<double>(frames))
            frames = static_cast<std::size_t>(e - s + 1);
    } else if (const Parameter* p = ps.find("POINT", "FRAMES"); p && p->count() >= 1) {
        const double n = p->unsigned_number(0);
        if (n > static_cast<double>(frames) && n < 4.3e9) frames = static_cast<std::size_t>(n);
    }
    return frames;
}

template <class Decode>
void decode_analog(const std::uint8_t* data, const C3dFile& f, std::size_t frame_bytes,
                   std::size_t point_bytes, std::size_t width, const std::vector<float>& offset,
                   const std::vector<float>& scale, float* out, Decode decode) {
    const std::size_t channels = f.analog_channel_count();
    const std::size_t spf = f.analog_samples_per_frame;
    const std::size_t per_channel = f.analog_sample_count();
    for (std::size_t frame = 0; frame < f.frame_count; ++frame) {
        const std::uint8_t* a = data + frame * frame_bytes + point_bytes;
        for (std::size_t s = 0; s < spf; ++s) {
            float* row = out + frame * spf + s;
            for (std::size_t c = 0; c < channels; ++c, a += width)
                row[c * per_channel] = (decode(a) - offset[c]) * scale[c];
        }
    }
}

void read_analog(C3dFile& f, std::span<const std::uint8_t> bytes, std::size_t frame_bytes,
                 std::size_t point_bytes, bool is_unsigned) {
    const std::size_t channels = f.analog_channel_count();
    const auto scales = numbers_of(f.parameters, "ANALOG", "SCALE", false);
    const auto offsets = numbers_of(f.parameters, "ANALOG", "OFFSET", is_unsigned);
    const double general = first_number(f.parameters, "ANALOG", "GEN_SCALE").value_or(1.0);
    std::vector<float> scale(channels), offset(channels);
    for (std::size_t c = 0; c < channels; ++c) {
        scale[c] = static_cast<float>((c < scales.size() ? scales[c] : 1.0) * general);
        offset[c] = static_cast<float>(c < offsets.size() ? offsets[c] : 0.0);
    }
    f.analog.assign(channels * f.analog_sample_count(), 0.0f);
    const std::uint8_t* data = bytes.data() + f.data_offset;
    float* out = f.analog.data();
    const Processor proc = f.processor;
    if (f.float_data) {
        if (proc == Processor::intel)
            decode_analog(data, f, frame_bytes, point_bytes, 4, offset, scale, out,
                          [](const std::uint8_t* p) {
                              float v;
                              std::memcpy(&v, p, 4);
                              return v;
                          });
        else
            decode_analog(data, f, frame_bytes, point_bytes, 4, offset, scale, out,
                          [proc](const std::uint8_t* p) { return decode_float(p, proc); });
    } else if (is_unsigned) {
        decode_analog(
            data, f, frame_bytes, point_bytes, 2, offset, scale, out,
            [proc](const std::uint8_t* p) { return static_cast<float>(decode_uint16(p, proc)); });
    } else {
        decode_analog(
            data, f, frame_bytes, point_bytes, 2, offset, scale, out,
            [proc](const std::uint8_t* p) { return static_cast<float>(decode_int16(p, proc)); });
    }
}

void resolve_analog_layout(C3dFile& f, const Header& h) {
    f.analog_samples_per_frame = h.analog_samples_per_frame;
    const auto used = first_number(f.parameters, "ANALOG", "USED");
    std::size_t channels = 0;
    if (used) {
        if (*used < 0 || *used > 65535)
            throw C3dError(f.source, f.parameters.find("ANALOG", "USED")->offset,
                           "ANALOG:USED is " + number_text(*used));
        channels = static_cast<std::size_t>(*used);
    } else if (h.analog_values_per_frame > 0 && h.analog_samples_per_frame > 0) {
        channels = h.analog_values_per_frame / h.analog_samples_per_frame;
    }
    if (channels > 0 && f.analog_samples_per_frame == 0)
        throw C3dError(f.source, 18,
                       std::to_string(channels) +
                           " analog channels but 0 analog samples per frame in the header");
    const std::size_t values = channels * f.analog_samples_per_frame;
    if (values <= 65535 && values != h.analog_values_per_frame)
        throw C3dError(f.source, 4,
                       "the header holds " + std::to_string(h.analog_values_per_frame) +
                           " analog values per frame, but ANALOG:USED " + std::to_string(channels) +
                           " x " + std::to_string(f.analog_samples_per_frame) +
                           " samples = " + std::to_string(values));
    if (channels == 0) f.analog_samples_per_frame = 0;

    f.analog_labels = texts_of(f.parameters, "ANALOG", "LABELS");
    f.analog_units = texts_of(f.parameters, "ANALOG", "UNITS");
    f.analog_labels.resize(channels);
    f.analog_units.resize(channels);
    for (std::size_t c = 0; c < channels; ++c)
        if (f.analog_labels[c].empty()) f.analog_labels[c] = "A" + std::to_string(c + 1);

    f.analog_rate_hz =
        first_number(f.parameters, "ANALOG", "RATE")
            .value_or(f.point_rate_hz * static_cast<double>(f.analog_samples_per_frame));
    if (channels > 0 && !(f.analog_rate_hz > 0.0 && f.analog_rate_hz < 1e7))
        throw C3dError(f.source, 20, "absurd analog rate " + number_text(f.analog_rate_hz) + " Hz");
}

bool analog_unsigned(const ParameterSet& ps) {
    const Parameter* p = ps.find("ANALOG", "FORMAT");
    return p && !p->texts.empty() && lower(p->texts.front()).rfind("unsigned", 0) == 0;
}

} // namespace

std::span<const float> C3dFile::channel(std::size_t c) const {
    return std::span<const float>(analog).subspan(c * analog_sample_count(), analog_sample_count());
}

std::size_t C3dFile::find_channel(const std::string& label) const {
    for (std::size_t c = 0; c < analog_labels.size(); ++c)
        if (analog_labels[c] == label) return c;
    for (std::size_t c = 0; c < analog_labels.size(); ++c)
        if (lower(analog_labels[c]) == lower(label)) return c;
    return std::string::npos;
}

bool looks_like_c3d(std::span<const std::uint8_t> first_bytes) {
    return first_bytes.size() >= 2 && first_bytes[1] == c3d_key;
}

C3dFile parse_c3d(std::span<const std::uint8_t> bytes, const std::string& source) {
    if (bytes.size() < block_size)
        throw C3dError(source, bytes.size(),
                       "shorter than a C3D header (" + std::to_string(bytes.size()) +
                           " of 512 bytes)");
    if (bytes[1] != c3d_key)
        throw C3dError(source, 1,
                       "not a C3D file (byte 2 is " + std::to_string(bytes[1]) + ", expected 80)");
    if (bytes[0] < 2)
        throw C3dError(source, 0,
                       "parameter section at block " + std::to_string(bytes[0]) +
                           " (it follows the header, from block 2)");
    C3dFile f;
    f.source = source;
    const std::size_t parameter_start = (std::size_t{bytes[0]} - 1) * block_size;
    ParameterSection section = parse_parameters(bytes, parameter_start, source);
    f.processor = section.processor;
    f.parameters = std::move(section.parameters);

    const Header h = read_header(bytes, f.processor);
    f.point_count = h.points;
    f.float_data = h.scale < 0.0f;
    f.first_frame = h.first_frame;
    f.point_rate_hz = h.frame_rate;
    if (!(f.point_rate_hz > 0.0 && f.point_rate_hz < 1e6))
        throw C3dError(source, 20, "absurd frame rate " + number_text(f.point_rate_hz) + " Hz");
    f.frame_count = frame_count(h, f.parameters, source);
    if (h.data_block < 2)
        throw C3dError(source, 16,
                       "data at block " + std::to_string(h.data_block) +
                           " (it follows the header, from block 2)");
    f.data_offset = (h.data_block - 1) * block_size;
    if (f.data_offset <= parameter_start)
        throw C3dError(source, 16,
                       "data block " + std::to_string(h.data_block) +
                           " is not after the parameter section (block " +
                           std::to_string(h.parameter_block) + ")");
    resolve_analog_layout(f, h);

    const std::size_t width = f.float_data ? 4 : 2;
    const std::size_t point_bytes = f.point_count * 4 * width;
    const std::size_t frame_bytes =
        point_bytes + f.analog_channel_count() * f.analog_samples_per_frame * width;
    const std::size_t available = bytes.size() > f.data_offset ? bytes.size() - f.data_offset : 0;
    if (frame_bytes == 0 && f.frame_count > 0)
        throw C3dError(source, 2, "no points and no analog channels in a file of frames");
    if (frame_bytes > 0 && f.frame_count > available / frame_bytes)
        throw C3dError(source, f.data_offset + (available / frame_bytes) * frame_bytes,
                       "the file ends inside frame " + std::to_string(available / frame_bytes + 1) +
                           " of " + std::to_string(f.frame_count) + " (" +
                           std::to_string(frame_bytes) + " bytes per frame from byte " +
                           std::to_string(f.data_offset) + ")");
    read_analog(f, bytes, frame_bytes, point_bytes, analog_unsigned(f.parameters));
    return f;
}

C3dFile read_c3d_file(const std::filesystem::path& path) {
    const std::string source = path.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw C3dError(source, 0, "cannot read: " + ec.message());
    if (size > max_file_bytes)
        throw C3dError(source, 0,
                       "file of " + std::to_string(size) + " bytes is larger than the " +
                           std::to_string(max_file_bytes) + " bytes accepted");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw C3dError(source, 0, std::string("cannot open: ") + std::strerror(errno));
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::size_t>(in.gcount()) != bytes.size())
        throw C3dError(source, static_cast<std::size_t>(in.gcount()), "short read");
    return parse_c3d(bytes, source);
}

} // namespace tg::c3d
