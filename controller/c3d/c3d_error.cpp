#include "controller/c3d/c3d_error.hpp"

namespace tg::c3d {

C3dError::C3dError(const std::string& source, std::size_t offset, const std::string& reason)
    : std::runtime_error(source + ": byte " + std::to_string(offset) + ": " + reason),
      offset_(offset) {}

} // namespace tg::c3d
