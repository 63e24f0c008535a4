#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tg::c3d {

// A C3D file that cannot be read or written: the message names the file, the byte
// offset where the problem was found and the reason, ready to print on one line.
class C3dError : public std::runtime_error {
public:
    C3dError(const std::string& source, std::size_t offset, const std::string& reason);

    std::size_t offset() const { return offset_; }

private:
    std::size_t offset_;
};

} // namespace tg::c3d
