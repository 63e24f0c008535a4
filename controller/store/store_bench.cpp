// store-bench: how fast the store takes steps (batches of 25, one transaction per
// batch, as the daemon writes them) and how long exporting a 10,000-step session takes.
//
//   store-bench [--steps N] [--dir DIR]

#include "controller/store/record_writer.hpp"
#include "controller/store/session_export.hpp"
#include "controller/store/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace store = tg::store;

constexpr std::size_t batch_size = 25;
constexpr std::int64_t export_steps = 10000;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

store::StepRecord bench_step(std::int64_t seq) {
    store::StepRecord s;
    s.seq = seq;
    s.t_s = 0.35 * static_cast<double>(seq);
    s.side = seq % 2 == 0 ? store::StepSide::left : store::StepSide::right;
    const double contact_s = 0.24 + 0.001 * static_cast<double>(seq % 7);
    s.step_time_s = 0.35;
    s.contact_time_s = contact_s;
    s.flight_time_s = 0.35 - contact_s;
    s.peak_force_n = 1800.0 + static_cast<double>(seq % 50);
    s.peak_force_bw = s.peak_force_n / (70.0 * 9.80665);
    if (seq % 3 != 0) s.impact_peak_bw = 1.6;
    const double valr = 55.0 + static_cast<double>(seq % 20);
    s.valr_bw_s = valr;
    s.vilr_bw_s = valr * 1.2;
    s.cadence_spm = 171.4;
    return s;
}

bool fail(const char* what, const store::Error& error) {
    std::fprintf(stderr, "store-bench: %s: %s\n", what, error.message.c_str());
    return false;
}

store::RowId open_session(store::Store& db, const std::string& runner_name) {
    store::Runner runner;
    runner.name = runner_name;
    runner.body_mass_kg = 70.0;
    runner.preferred_cadence_spm = 165.0;
    auto runner_id = db.add_runner(runner);
    if (!runner_id) return fail("add_runner", runner_id.error()), 0;
    auto session =
        db.begin_session({runner_id.value(), 1'700'000'000'000, "bench", {12.0, 1800.0, 2}});
    if (!session) return fail("begin_session", session.error()), 0;
    return session.value();
}

bool insert_steps(store::Store& db, store::RowId session, std::int64_t total, double& elapsed) {
    std::vector<store::StepRecord> batch;
    const auto start = Clock::now();
    for (std::int64_t seq = 0; seq < total;) {
        batch.clear();
        for (std::size_t i = 0; i < batch_size && seq < total; ++i)
            batch.push_back(bench_step(seq++));
        if (auto status = db.append_steps(session, batch); !status)
            return fail("append_steps", status.error());
    }
    elapsed = seconds_since(start);
    return true;
}

bool export_session(store::Store& db, store::RowId session, const std::filesystem::path& dir) {
    std::ofstream csv(dir / "session.csv");
    auto start = Clock::now();
    if (auto status = store::export_session_csv(db, session, csv); !status)
        return fail("export_session_csv", status.error());
    csv.flush();
    const double csv_s = seconds_since(start);
    std::ofstream json(dir / "session.json");
    start = Clock::now();
    if (auto status = store::export_session_json(db, session, json); !status)
        return fail("export_session_json", status.error());
    json.flush();
    const double json_s = seconds_since(start);
    std::printf("export of a %lld-step session: CSV %.1f ms, JSON summary %.1f ms\n",
                static_cast<long long>(export_steps), csv_s * 1e3, json_s * 1e3);
    return true;
}

// The record writer as the tick uses it: small batches submitted without waiting;
// figures are the producer's worst submit time and the writer's sustained rate.
bool writer_throughput(const std::filesystem::path& dir, std::int64_t total) {
    store::RecordWriterOptions options;
    options.queue_capacity = 1u << 20; // measure throughput, not refusals
    auto db = store::Store::open(dir / "writer.db");
    if (!db) return fail("open", db.error());
    auto writer = store::RecordWriter::open(dir / "writer.db", options);
    if (!writer) return fail("RecordWriter::open", writer.error());
    const store::RowId session = open_session(db.value(), "writer bench");
    if (session == 0) return false;
    constexpr std::int64_t per_tick = 10;
    std::vector<double> submit_s;
    submit_s.reserve(static_cast<std::size_t>(total / per_tick + 1));
    const auto start = Clock::now();
    for (std::int64_t seq = 0; seq < total;) {
        std::vector<store::StepRecord> batch;
        for (std::int64_t i = 0; i < per_tick && seq < total; ++i)
            batch.push_back(bench_step(seq++));
        const auto before = Clock::now();
        if (!writer.value()->try_append_steps(session, std::move(batch)))
            return std::fprintf(stderr, "store-bench: writer queue refused a batch\n"), false;
        submit_s.push_back(seconds_since(before));
    }
    if (!writer.value()->wait_idle(std::chrono::minutes(5)))
        return std::fprintf(stderr, "store-bench: writer did not finish\n"), false;
    const double elapsed = seconds_since(start);
    const store::WriterHealth health = writer.value()->health();
    if (health.failed != 0) return std::fprintf(stderr, "store-bench: writer failed\n"), false;
    std::sort(submit_s.begin(), submit_s.end());
    const double p99 = submit_s[submit_s.size() * 99 / 100];
    std::printf("writer_steps=%lld writer_steps_per_s=%.0f writer_submit_p99_us=%.1f "
                "writer_submit_max_us=%.1f\n",
                static_cast<long long>(health.steps_written),
                static_cast<double>(health.steps_written) / elapsed, p99 * 1e6,
                submit_s.back() * 1e6);
    return true;
}

bool run(const std::filesystem::path& dir, std::int64_t insert_total) {
    auto db = store::Store::open(dir / "bench.db");
    if (!db) return fail("open", db.error());
    const store::RowId insert_session = open_session(db.value(), "insert bench");
    if (insert_session == 0) return false;
    double elapsed = 0.0;
    if (!insert_steps(db.value(), insert_session, insert_total, elapsed)) return false;
    std::printf(
        "step inserts: %lld steps in batches of %zu: %.3f s, %.0f steps/s, %.0f batches/s\n",
        static_cast<long long>(insert_total), batch_size, elapsed,
        static_cast<double>(insert_total) / elapsed,
        static_cast<double>(insert_total) / static_cast<double>(batch_size) / elapsed);
    const store::RowId export_session_id = open_session(db.value(), "export bench");
    if (export_session_id == 0) return false;
    if (!insert_steps(db.value(), export_session_id, export_steps, elapsed)) return false;
    if (!export_session(db.value(), export_session_id, dir)) return false;
    return writer_throughput(dir, insert_total);
}

} // namespace

int main(int argc, char** argv) {
    std::int64_t steps = 50000;
    std::filesystem::path dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--steps")
            steps = std::atoll(argv[i + 1]);
        else if (option == "--dir")
            dir = argv[i + 1];
        else
            return std::fprintf(stderr, "usage: store-bench [--steps N] [--dir DIR]\n"), 2;
    }
    if (steps <= 0) return std::fprintf(stderr, "store-bench: --steps must be positive\n"), 2;
    const bool own_dir = dir.empty();
    if (own_dir) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "store-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) return std::perror("mkdtemp"), 1;
        dir = pattern;
    }
    const bool ok = run(dir, steps);
    if (own_dir) std::filesystem::remove_all(dir);
    return ok ? 0 : 1;
}
