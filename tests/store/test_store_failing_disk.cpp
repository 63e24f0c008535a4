// A failing store never crashes and never lies (issue 10 items 9, 10, 11): a corrupt
// database is refused before anything is written; a vanished or truncated -shm (the
// SIGBUS seen when the store went read-only) cannot kill the process; on a full disk
// every write returns an Error that says so and earlier records survive.
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"
#include "tests/support/small_tmpfs.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

std::vector<char> file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<StepRecord> steps_from(std::int64_t first, std::size_t count) {
    std::vector<StepRecord> steps;
    for (std::size_t i = 0; i < count; ++i)
        steps.push_back(sample_step(first + static_cast<std::int64_t>(i)));
    return steps;
}

using tg::testing::SmallTmpfs;

void fill(const std::filesystem::path& file) {
    REQUIRE(tg::testing::fill_disk(file));
}

} // namespace

TEST_CASE("a database with corrupt interior pages is refused, named, and left unmodified") {
    ScratchDir dir;
    {
        Store store = open_store(dir.db());
        const RowId session =
            store.begin_session(sample_start(store.add_runner(sample_runner()).value())).value();
        for (int batch = 0; batch < 20; ++batch)
            REQUIRE(store.append_steps(session, steps_from(batch * 50, 50)).ok());
        REQUIRE(store.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    }
    const auto size = std::filesystem::file_size(dir.db());
    REQUIRE(size > 8 * 4096);
    {
        // Garbage over pages 3 .. 6: the header and schema page stay readable.
        std::fstream f(dir.db(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(2 * 4096);
        for (int i = 0; i < 4 * 4096; ++i)
            f.put(static_cast<char>((i * 7919) & 0xff));
    }
    const std::vector<char> before = file_bytes(dir.db());
    auto opened = Store::open(dir.db());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::database);
    CHECK(opened.error().message.find(dir.db().string()) != std::string::npos);
    CHECK(opened.error().message.find("corrupt") != std::string::npos);
    CHECK(file_bytes(dir.db()) == before);
    CHECK_FALSE(std::filesystem::exists(dir.db().string() + "-wal"));
}

TEST_CASE("a truncated or vanished -shm cannot kill the process (was SIGBUS, exit 135)") {
    ScratchDir dir;
    const std::filesystem::path shm = dir.db().string() + "-shm";
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Child: records steps the way the daemon does while its -shm is truncated
        // under it (what a full or read-only file system or a clean-up does to it).
        auto store = Store::open(dir.db());
        if (!store) _exit(3);
        auto runner = store->add_runner(sample_runner());
        if (!runner) _exit(4);
        auto session = store->begin_session(sample_start(runner.value()));
        if (!session) _exit(5);
        for (int batch = 0; batch < 10; ++batch) {
            if (batch == 3 && ::truncate(shm.c_str(), 0) == 0) {
                // The -shm exists and is now empty: the old mmap points past its end.
            }
            if (!store->append_steps(session.value(), steps_from(batch * 25, 25))) _exit(6);
        }
        _exit(std::filesystem::exists(shm) ? 7 : 0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    INFO("signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0) << ", exit "
                   << (WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    REQUIRE_FALSE(WIFSIGNALED(status)); // SIGBUS before the fix
    CHECK(WEXITSTATUS(status) == 0);    // 7: a -shm file exists (mmap'd WAL index)
    Store store = open_store(dir.db());
    CHECK(store.steps(1)->size() == 250);
}

TEST_CASE("on a full disk writes return errors that say so, nothing crashes, records survive") {
    ScratchDir dir;
    const std::filesystem::path mount_point = dir.path() / "small";
    std::filesystem::create_directory(mount_point);
    SmallTmpfs tmpfs(mount_point, 1024 * 1024);
    if (!tmpfs.mounted()) {
        MESSAGE("cannot mount a tmpfs here (not root?): full-disk test skipped");
        return;
    }
    const std::filesystem::path db = mount_point / "treadguard.db";
    RowId session = 0;
    std::size_t stored_before_full = 0;
    {
        Store store = open_store(db);
        session =
            store.begin_session(sample_start(store.add_runner(sample_runner()).value())).value();
        for (int batch = 0; batch < 4; ++batch)
            REQUIRE(store.append_steps(session, steps_from(batch * 25, 25)).ok());
        stored_before_full = 100;
        fill(mount_point / "filler");

        int failures = 0;
        std::string message;
        for (int batch = 4; batch < 400 && failures < 5; ++batch) {
            auto status = store.append_steps(session, steps_from(batch * 25, 25));
            if (status) {
                stored_before_full += 25; // the WAL still had room
                continue;
            }
            ++failures;
            message = status.error().message;
            CHECK(status.error().code == ErrorCode::database);
        }
        REQUIRE_MESSAGE(failures > 0, "writes kept succeeding on a full file system");
        CAPTURE(message);
        CHECK((message.find("full") != std::string::npos ||
               message.find("disk I/O") != std::string::npos));
        // Other writes fail the same way, without throwing.
        CHECK_FALSE(store.add_pain_report({session, 1.0, 2}).ok());
        CHECK_FALSE(
            store.append_audit({0, "operator", sample_start_ms, {}, "stop", "", "", ""}).ok());
        // Reads still work.
        CHECK(store.session(session).ok());
    }
    std::filesystem::remove(mount_point / "filler");
    Store store = open_store(db);
    auto steps = store.steps(session);
    REQUIRE(steps.ok());
    CHECK(steps->size() == stored_before_full);
    CHECK(store.connection().query_text("PRAGMA integrity_check").value() == "ok");
    CHECK(store.append_steps(session, steps_from(100000, 25)).ok()); // space again: writes work
}

TEST_CASE("a store whose directory vanished mid-session answers every call, never crashes") {
    ScratchDir dir;
    const std::filesystem::path sub = dir.path() / "records";
    std::filesystem::create_directory(sub);
    Store store = open_store(sub / "treadguard.db");
    const RowId session =
        store.begin_session(sample_start(store.add_runner(sample_runner()).value())).value();
    REQUIRE(store.append_steps(session, steps_from(0, 25)).ok());
    std::filesystem::remove_all(sub); // an operator's clean-up, a lost mount
    // SQLite keeps writing to the unlinked files or reports an error; either way the
    // call returns and the process lives.
    for (int batch = 1; batch < 20; ++batch)
        (void)store.append_steps(session, steps_from(batch * 25, 25));
    (void)store.add_pain_report({session, 1.0, 1});
    SessionEnd end;
    end.end_unix_ms = sample_start_ms + 10'000;
    end.end_reason = EndReason::operator_stop;
    (void)store.end_session(session, end);
    CHECK(store.session(session).ok());
}
