// Priority prefixes go only to the journal's own stream, never to a terminal or a file.
#include "controller/service/journal_priority.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace tg::service;

namespace {

std::string device_inode(int fd) {
    struct stat st {};
    REQUIRE(::fstat(fd, &st) == 0);
    return std::to_string(static_cast<unsigned long long>(st.st_dev)) + ":" +
           std::to_string(static_cast<unsigned long long>(st.st_ino));
}

} // namespace

TEST_CASE("a stream that is the journal gets <priority>; any other stream nothing") {
    int journal[2], other[2];
    REQUIRE(::pipe(journal) == 0);
    REQUIRE(::pipe(other) == 0);
    const char* old = std::getenv("JOURNAL_STREAM");
    const std::string saved = old != nullptr ? old : "";

    ::setenv("JOURNAL_STREAM", device_inode(journal[1]).c_str(), 1);
    CHECK(journal_prefix(journal[1], LOG_ERR) == "<3>");
    CHECK(journal_prefix(journal[1], LOG_WARNING) == "<4>");
    CHECK(journal_prefix(other[1], LOG_ERR).empty());
    ::setenv("JOURNAL_STREAM", "garbage", 1);
    CHECK(journal_prefix(journal[1], LOG_ERR).empty());
    ::unsetenv("JOURNAL_STREAM");
    CHECK(journal_prefix(journal[1], LOG_ERR).empty());
    CHECK(journal_prefix(-1, LOG_ERR).empty());

    if (old != nullptr) ::setenv("JOURNAL_STREAM", saved.c_str(), 1);
    for (int fd : {journal[0], journal[1], other[0], other[1]})
        ::close(fd);
}
