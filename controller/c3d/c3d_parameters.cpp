#include "controller/c3d/c3d_parameters.hpp"

#include "controller/c3d/c3d_error.hpp"

#include <algorithm>
#include <cctype>

namespace tg::c3d {

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string trim_right(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.pop_back();
    return s;
}

// Bounds-checked reading of one record; every read names the offset it failed at.
class Cursor {
public:
    Cursor(std::span<const std::uint8_t> file, std::size_t at, Processor proc,
           const std::string& source)
        : file_(file), at_(at), proc_(proc), source_(source) {}

    std::size_t at() const { return at_; }
    void need(std::size_t n, const char* what) const {
        if (at_ > file_.size() || file_.size() - at_ < n)
            throw C3dError(source_, at_,
                           std::string(what) + " runs past the end of the file (" +
                               std::to_string(file_.size()) + " bytes)");
    }
    std::int8_t int8(const char* what) {
        need(1, what);
        return static_cast<std::int8_t>(file_[at_++]);
    }
    std::uint8_t uint8(const char* what) {
        need(1, what);
        return file_[at_++];
    }
    std::int16_t int16(const char* what) {
        need(2, what);
        const auto v = decode_int16(&file_[at_], proc_);
        at_ += 2;
        return v;
    }
    std::string text(std::size_t n, const char* what) {
        need(n, what);
        std::string s(reinterpret_cast<const char*>(&file_[at_]), n);
        at_ += n;
        return s;
    }
    const std::uint8_t* bytes(std::size_t n, const char* what) {
        need(n, what);
        const std::uint8_t* p = &file_[at_];
        at_ += n;
        return p;
    }

private:
    std::span<const std::uint8_t> file_;
    std::size_t at_;
    Processor proc_;
    const std::string& source_;
};

void read_values(Parameter& p, Cursor& c, Processor proc, const std::string& source) {
    std::size_t count = 1;
    for (std::size_t d : p.dimensions)
        count *= d; // each dimension < 256 and at most 7 of them: no overflow in 64 bits
    const std::size_t width = p.type == ParameterType::real      ? 4
                              : p.type == ParameterType::integer ? 2
                                                                 : 1;
    const std::size_t at = c.at();
    if (count * width > 65535 * 8)
        throw C3dError(source, at,
                       p.group + ":" + p.name + " declares " + std::to_string(count) +
                           " values, more than a parameter record can hold");
    const std::uint8_t* data = c.bytes(count * width, "parameter data");
    if (p.type == ParameterType::character) {
        const std::size_t column = p.dimensions.empty() ? 1 : p.dimensions.front();
        const std::size_t columns = column ? count / column : 0;
        for (std::size_t i = 0; i < columns; ++i)
            p.texts.push_back(
                trim_right(std::string(reinterpret_cast<const char*>(data + i * column), column)));
        return;
    }
    p.numbers.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t* v = data + i * width;
        if (p.type == ParameterType::real)
            p.numbers.push_back(decode_float(v, proc));
        else if (p.type == ParameterType::integer)
            p.numbers.push_back(decode_int16(v, proc));
        else
            p.numbers.push_back(static_cast<std::int8_t>(*v));
    }
}

} // namespace

double Parameter::unsigned_number(std::size_t i) const {
    const double v = numbers.at(i);
    if (type == ParameterType::integer && v < 0) return v + 65536.0;
    if (type == ParameterType::byte && v < 0) return v + 256.0;
    return v;
}

void ParameterSet::add(Parameter parameter) {
    const std::string key = parameter.group + ":" + parameter.name;
    parameters_.insert_or_assign(key, std::move(parameter)); // a later duplicate wins
}

const Parameter* ParameterSet::find(const std::string& group, const std::string& name) const {
    const auto it = parameters_.find(group + ":" + name);
    return it == parameters_.end() ? nullptr : &it->second;
}

ParameterSection parse_parameters(std::span<const std::uint8_t> file, std::size_t start,
                                  const std::string& source) {
    if (start > file.size() || file.size() - start < 4)
        throw C3dError(source, start, "the parameter section starts past the end of the file");
    const auto processor = processor_from_code(file[start + 3]);
    if (!processor)
        throw C3dError(source, start + 3,
                       "unknown processor type " + std::to_string(file[start + 3]) +
                           " (expected 84 Intel, 85 DEC or 86 MIPS)");
    ParameterSection section;
    section.processor = *processor;
    section.block_count = file[start + 2];

    std::map<int, std::string> group_names;
    std::vector<std::pair<int, Parameter>> pending; // group id, parameter
    std::size_t at = start + 4;
    for (std::size_t records = 0;; ++records) {
        if (records > max_parameters)
            throw C3dError(source, at,
                           "more than " + std::to_string(max_parameters) + " parameter records");
        if (at >= file.size()) break; // a section ending exactly at the end of the file
        Cursor c(file, at, *processor, source);
        const int name_length = std::abs(int{c.int8("parameter name length")});
        if (name_length == 0) break;
        const int id = c.int8("group id");
        if (id == 0) throw C3dError(source, at + 1, "parameter record with group id 0");
        const std::string name = upper(c.text(static_cast<std::size_t>(name_length), "name"));
        const std::size_t link_at = c.at();
        // Signed in the standard, but writers of long parameters use all 16 bits; read
        // unsigned, it always points forward, so the walk ends.
        const std::size_t next = static_cast<std::uint16_t>(c.int16("offset to the next record"));
        if (id < 0) {
            const std::size_t length = c.uint8("group description length");
            c.text(length, "group description");
            group_names[-id] = name;
        } else {
            Parameter p;
            p.name = name;
            p.offset = at;
            const int type = c.int8("parameter type");
            if (type != -1 && type != 1 && type != 2 && type != 4)
                throw C3dError(source, c.at() - 1,
                               name + ": parameter type " + std::to_string(type) +
                                   " (expected -1, 1, 2 or 4)");
            p.type = static_cast<ParameterType>(type);
            const std::size_t dims = c.uint8("dimension count");
            if (dims > 7)
                throw C3dError(source, c.at() - 1,
                               name + ": " + std::to_string(dims) + " dimensions (at most 7)");
            for (std::size_t d = 0; d < dims; ++d)
                p.dimensions.push_back(c.uint8("dimension"));
            read_values(p, c, *processor, source);
            const std::size_t length = c.uint8("parameter description length");
            p.description = c.text(length, "parameter description");
            pending.emplace_back(id, std::move(p));
        }
        if (next == 0) break;
        at = link_at + next;
        if (at > file.size())
            throw C3dError(source, link_at,
                           "next parameter record at byte " + std::to_string(at) +
                               ", outside the file (" + std::to_string(file.size()) + " bytes)");
    }
    for (auto& [id, p] : pending) {
        const auto g = group_names.find(id);
        p.group = g == group_names.end() ? "GROUP" + std::to_string(id) : g->second;
        section.parameters.add(std::move(p));
    }
    return section;
}

} // namespace tg::c3d
