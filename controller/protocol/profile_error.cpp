#include "controller/protocol/profile_error.hpp"

#include <utility>

namespace tg::protocol {

ProfileError::ProfileError(std::string file, int line, std::string reason)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + reason), file_(std::move(file)),
      line_(line), reason_(std::move(reason)) {}

} // namespace tg::protocol
