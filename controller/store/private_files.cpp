#include "controller/store/private_files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace tg::store {

namespace {

Error failure(const std::filesystem::path& path, const std::string& what) {
    return make_error(ErrorCode::database,
                      "cannot " + what + " '" + path.string() + "': " + std::strerror(errno));
}

} // namespace

Status restrict_permissions(const std::filesystem::path& path) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) return failure(path, "stat");
    if (S_ISLNK(st.st_mode))
        return make_error(ErrorCode::invalid_argument,
                          "'" + path.string() + "' is a symbolic link; records need a real file");
    const mode_t mode = S_ISDIR(st.st_mode) ? 0750 : 0640;
    if ((st.st_mode & 07777) == mode) return {};
    if (chmod(path.c_str(), mode) != 0) return failure(path, "change the mode of");
    return {};
}

Status create_private_directories(const std::filesystem::path& directory) {
    std::vector<std::filesystem::path> missing;
    for (std::filesystem::path p = directory; !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (stat(p.c_str(), &st) == 0) {
            if (S_ISDIR(st.st_mode)) break;
            return make_error(ErrorCode::database, "cannot create directory '" +
                                                       directory.string() + "': '" + p.string() +
                                                       "' is not a directory");
        }
        missing.push_back(p);
        if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        // mkdir's mode is masked by the umask, so the mode is set again after.
        if (mkdir(it->c_str(), 0700) != 0 && errno != EEXIST)
            return failure(*it, "create directory");
        if (chmod(it->c_str(), 0750) != 0) return failure(*it, "change the mode of");
    }
    return {};
}

Status create_private_file(const std::filesystem::path& file) {
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return failure(file, "create");
    const int rc = fchmod(fd, 0640);
    close(fd);
    if (rc != 0) return failure(file, "change the mode of");
    return {};
}

} // namespace tg::store
