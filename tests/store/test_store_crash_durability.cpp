// Durability under a process crash: a child writes steps the way the daemon does
// (a small transaction every 100 ms) and is killed with SIGKILL. Every step whose
// commit the child reported must be in the database afterwards, and the file must
// pass PRAGMA integrity_check. This is what WAL with synchronous=NORMAL promises
// for a process crash (an OS crash may lose the last commits, never consistency).
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <chrono>
#include <cstring>
#include <doctest/doctest.h>
#include <poll.h>
#include <set>
#include <signal.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace tg::store;
using namespace tg::store::testing;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t steps_per_commit = 25;

// Child side: never returns while healthy; the parent kills it. Any failure is an
// exit code the parent reports.
[[noreturn]] void write_steps_until_killed(const std::filesystem::path& db, RowId session,
                                           std::int64_t first_seq, int report_fd,
                                           std::chrono::milliseconds pause) {
    auto store = Store::open(db);
    if (!store) _exit(3);
    std::vector<StepRecord> batch;
    for (std::int64_t seq = first_seq;;) {
        batch.clear();
        for (std::size_t i = 0; i < steps_per_commit; ++i)
            batch.push_back(sample_step(seq++));
        if (!store->append_steps(session, batch)) _exit(4);
        const std::int64_t committed = seq - 1;
        if (write(report_fd, &committed, sizeof committed) != sizeof committed) _exit(5);
        std::this_thread::sleep_for(pause);
    }
}

struct Report {
    std::int64_t last_seq;
    Clock::time_point received;
};

// Reads 8-byte commit reports until `deadline` (or until the pipe closes).
void collect_reports(int fd, Clock::time_point deadline, std::vector<Report>& reports,
                     std::vector<char>& pending) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() < 0) return;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return;
        char buffer[256];
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n <= 0) return;
        pending.insert(pending.end(), buffer, buffer + n);
        while (pending.size() >= sizeof(std::int64_t)) {
            Report r{0, Clock::now()};
            std::memcpy(&r.last_seq, pending.data(), sizeof r.last_seq);
            pending.erase(pending.begin(), pending.begin() + sizeof r.last_seq);
            reports.push_back(r);
        }
    }
}

std::set<std::int64_t> stored_seqs(Store& store, RowId session) {
    std::set<std::int64_t> seqs;
    REQUIRE(store.visit_steps(session, [&](const StepRecord& s) { seqs.insert(s.seq); }).ok());
    return seqs;
}

struct RoundResult {
    std::vector<Report> reports;
    Clock::time_point killed;
};

RoundResult run_and_kill(const std::filesystem::path& db, RowId session, std::int64_t first_seq,
                         std::chrono::milliseconds pause, std::chrono::milliseconds lifetime) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(fds[0]);
        write_steps_until_killed(db, session, first_seq, fds[1], pause);
    }
    close(fds[1]);
    RoundResult result;
    std::vector<char> pending;
    collect_reports(fds[0], Clock::now() + lifetime, result.reports, pending);
    result.killed = Clock::now();
    REQUIRE(kill(child, SIGKILL) == 0);
    int wstatus = 0;
    REQUIRE(waitpid(child, &wstatus, 0) == child);
    // Reports already in the pipe were sent after their commit, so they count too.
    collect_reports(fds[0], Clock::now() + std::chrono::milliseconds(200), result.reports, pending);
    close(fds[0]);
    INFO("child exit status " << (WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1));
    REQUIRE(WIFSIGNALED(wstatus));
    CHECK(WTERMSIG(wstatus) == SIGKILL);
    return result;
}

} // namespace

TEST_CASE("steps committed before a SIGKILL are all present and the file is intact") {
    ScratchDir dir;
    RowId session = 0;
    {
        Store store = open_store(dir.db());
        session =
            store.begin_session(sample_start(store.add_runner(sample_runner()).value())).value();
    } // closed before fork: a SQLite connection must not cross a fork

    using std::chrono::milliseconds;
    // Two rounds at the daemon's pace, one committing back to back so the kill is
    // likely to land inside a transaction or a WAL write.
    const milliseconds pauses[] = {milliseconds(100), milliseconds(100), milliseconds(0)};
    const milliseconds lifetimes[] = {milliseconds(2300), milliseconds(1900), milliseconds(1700)};
    std::int64_t next_seq = 0;
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        const RoundResult result =
            run_and_kill(dir.db(), session, next_seq, pauses[round], lifetimes[round]);

        Store store = open_store(dir.db());
        CHECK(store.connection().query_text("PRAGMA integrity_check").value() == "ok");
        const std::set<std::int64_t> seqs = stored_seqs(store, session);

        std::size_t old_reports = 0;
        std::int64_t lost = 0;
        std::int64_t lost_old = 0;
        for (const Report& report : result.reports) {
            const bool old_enough = report.received <= result.killed - std::chrono::seconds(1);
            old_reports += old_enough ? 1 : 0;
            // Every reported commit is present, whole: all steps of its batch.
            const std::int64_t first = report.last_seq - steps_per_commit + 1;
            for (std::int64_t seq = first; seq <= report.last_seq; ++seq) {
                const bool missing = seqs.count(seq) == 0;
                lost += missing ? 1 : 0;
                lost_old += missing && old_enough ? 1 : 0;
            }
        }
        CHECK_MESSAGE(lost_old == 0, "steps committed more than 1 s before the kill were lost");
        CHECK_MESSAGE(lost == 0, "steps whose commit was reported were lost");
        CHECK(old_reports >= 3); // the test really covered commits older than one second
        // No partial batch: stored steps are whole batches starting at next_seq.
        REQUIRE_FALSE(seqs.empty());
        CHECK((*seqs.rbegin() + 1 - next_seq) % steps_per_commit == 0);
        CHECK(static_cast<std::int64_t>(seqs.size()) == *seqs.rbegin() + 1);
        next_seq = *seqs.rbegin() + 1;
        MESSAGE("round " << round << ": " << result.reports.size() << " commits reported, "
                         << seqs.size() << " steps stored in total");
    }
}
