#pragma once
// Records are health data: the database, its -wal, the force recordings and the
// directories holding them are readable by the owner and the service group only
// (files 0640, directories 0750), whatever the process umask. The daemon uses these
// for the recordings directory and files too.

#include "controller/store/store_result.hpp"

#include <filesystem>

namespace tg::store {

inline constexpr std::filesystem::perms private_file_mode =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
    std::filesystem::perms::group_read; // 0640
inline constexpr std::filesystem::perms private_directory_mode =
    std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
    std::filesystem::perms::group_exec; // 0750

// Sets 0640 on a regular file, 0750 on a directory (symlinks are refused: a record
// path must not point elsewhere). An error names the path.
Status restrict_permissions(const std::filesystem::path& path);

// Creates the missing directories of `directory` (like mkdir -p); each one it
// creates gets 0750. Existing directories are left as they are (never chmod a
// directory we did not create, e.g. /tmp).
Status create_private_directories(const std::filesystem::path& directory);

// Creates `file` empty with 0640 if it does not exist, else sets 0640 on it.
Status create_private_file(const std::filesystem::path& file);

} // namespace tg::store
