#pragma once
// The parameter section of a C3D file: groups (POINT, ANALOG, FORCE_PLATFORM, ...)
// of typed, dimensioned parameters.

#include "controller/c3d/processor_format.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tg::c3d {

enum class ParameterType : std::int8_t { character = -1, byte = 1, integer = 2, real = 4 };

struct Parameter {
    std::string group; // upper case
    std::string name;  // upper case
    ParameterType type = ParameterType::integer;
    std::vector<std::size_t> dimensions; // first dimension varies fastest; empty: a scalar
    std::vector<double> numbers;         // bytes and integers as signed, reals; empty for text
    std::vector<std::string> texts; // character parameters: one per column, trailing blanks cut
    std::string description;
    std::size_t offset = 0; // of the parameter's record in the file

    std::size_t count() const { return numbers.size(); }
    // A 16-bit integer read as unsigned (C3D stores frame counts and offsets so).
    double unsigned_number(std::size_t i) const;
};

class ParameterSet {
public:
    void add(Parameter parameter);
    const Parameter* find(const std::string& group, const std::string& name) const;
    std::size_t size() const { return parameters_.size(); }
    const std::map<std::string, Parameter>& all() const { return parameters_; }

private:
    std::map<std::string, Parameter> parameters_; // "GROUP:NAME"
};

struct ParameterSection {
    Processor processor = Processor::intel;
    std::size_t block_count = 0;
    ParameterSet parameters;
};

// Most parameters any real file holds is a few hundred; more is a hostile file.
inline constexpr std::size_t max_parameters = 20000;

// Parses the section starting at byte `start` of `file`. Every record must lie inside
// the file; throws C3dError with the byte offset and reason otherwise.
ParameterSection parse_parameters(std::span<const std::uint8_t> file, std::size_t start,
                                  const std::string& source);

} // namespace tg::c3d
