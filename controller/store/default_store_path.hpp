#pragma once
// Where the records live when no path is given: the XDG data directory.

#include "controller/store/store_result.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace tg::store {

// $XDG_DATA_HOME/treadguard/treadguard.db, or $HOME/.local/share/treadguard/treadguard.db
// when XDG_DATA_HOME is unset, empty or relative (the XDG spec says to ignore
// relative values). Fails when neither gives an absolute directory.
Result<std::filesystem::path> default_store_path(const std::optional<std::string>& xdg_data_home,
                                                 const std::optional<std::string>& home);

// The same, reading XDG_DATA_HOME and HOME from the environment.
Result<std::filesystem::path> default_store_path();

} // namespace tg::store
