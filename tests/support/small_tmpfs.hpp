#pragma once
// A small tmpfs for tests of a full disk: mounted on `dir` for the object's lifetime;
// absent when this process may not mount (not root, no CAP_SYS_ADMIN).
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/mount.h>
#include <vector>

namespace tg::testing {

class SmallTmpfs {
public:
    SmallTmpfs(const std::filesystem::path& dir, std::size_t bytes) : dir_(dir) {
        const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
        mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallTmpfs() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    SmallTmpfs(const SmallTmpfs&) = delete;
    SmallTmpfs& operator=(const SmallTmpfs&) = delete;
    bool mounted() const { return mounted_; }

private:
    std::filesystem::path dir_;
    bool mounted_ = false;
};

// Writes `file` until the file system is full; false if it could not be opened.
inline bool fill_disk(const std::filesystem::path& file) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr) return false;
    const std::vector<char> block(4096, 'x');
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size() && std::fflush(f) == 0) {
    }
    std::fclose(f);
    return true;
}

} // namespace tg::testing
