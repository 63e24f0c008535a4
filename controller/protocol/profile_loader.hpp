#pragma once

#include "controller/protocol/profile.hpp"
#include "controller/protocol/profile_error.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace tg::protocol {

// Loads and validates a protocol profile (format: profiles/README.md). Throws ProfileError
// with file, line and reason for a syntax error, a missing or unknown key, a wrong type,
// a value out of bounds or sections that do not fit the profile's kind.
Profile load_profile(const std::filesystem::path& file);

// The same for text already in memory; file_name is only used in error messages.
Profile parse_profile(std::string_view text, const std::string& file_name);

// Loads <directory>/<name>.toml and checks that the file's own name matches.
Profile load_named_profile(const std::filesystem::path& directory, const std::string& name);

} // namespace tg::protocol
