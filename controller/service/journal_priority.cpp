#include "controller/service/journal_priority.hpp"

#include <cstdlib>
#include <string>
#include <sys/stat.h>

namespace tg::service {

std::string journal_prefix(int fd, int priority) {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr || *stream == '\0') return "";
    struct stat st {};
    if (::fstat(fd, &st) != 0) return "";
    const std::string mine = std::to_string(static_cast<unsigned long long>(st.st_dev)) + ":" +
                             std::to_string(static_cast<unsigned long long>(st.st_ino));
    if (mine != stream) return "";
    return "<" + std::to_string(priority) + ">";
}

} // namespace tg::service
