// Proof beyond examples: a breadth-first walk over every reachable (state, input
// event) pair up to a bounded depth, plus long random walks beyond that depth.
// Every transition is checked against the supervisor's invariants.
#include "tests/safety/safety_bench.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <random>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

using namespace std::chrono_literals;
using namespace tg::safety;
using tg::safety::test::Bench;

namespace {

// The abstracted input alphabet.
enum class Event : std::uint8_t {
    select_runner,
    start,
    start_fast,
    stop,
    emergency_stop,
    request_mid,
    request_over_cap,
    request_zero,
    acknowledge,
    drive_lost,
    drive_back,
    force_lost,
    force_back,
    runner_off,
    runner_on,
    drive_fault,
    drive_fault_cleared,
    client_lost,
    client_back,
    runaway,
    runaway_ends,
    wait_10ms,
    wait_100ms,
    wait_300ms,
    wait_1s,
    wait_2500ms,
    count_
};

constexpr std::size_t kEventCount = static_cast<std::size_t>(Event::count_);

const char* name_of(Event e) {
    static constexpr std::array<const char*, kEventCount> names{"select_runner",
                                                                "start",
                                                                "start_fast",
                                                                "stop",
                                                                "emergency_stop",
                                                                "request_mid",
                                                                "request_over_cap",
                                                                "request_zero",
                                                                "acknowledge",
                                                                "drive_lost",
                                                                "drive_back",
                                                                "force_lost",
                                                                "force_back",
                                                                "runner_off",
                                                                "runner_on",
                                                                "drive_fault",
                                                                "drive_fault_cleared",
                                                                "client_lost",
                                                                "client_back",
                                                                "runaway",
                                                                "runaway_ends",
                                                                "wait_10ms",
                                                                "wait_100ms",
                                                                "wait_300ms",
                                                                "wait_1s",
                                                                "wait_2500ms"};
    return names.at(static_cast<std::size_t>(e));
}

// A low cap, so paths reach it (and the ramps' ends) within the depth bound.
constexpr double kCap = 2.0;
constexpr double kEps = 1e-9;

SupervisorSettings exploration_settings() {
    return SupervisorSettings{};
}

Bench make_bench() {
    Bench bench{exploration_settings()};
    // Short caps so the cool-down and the stop are reachable within the depth bound.
    bench.caps = SessionCaps{kCap, 6s, 2s, 1.5};
    return bench;
}

bool is_start(Event e) {
    return e == Event::start || e == Event::start_fast;
}

bool is_recovery(Event e) {
    return e == Event::drive_back || e == Event::force_back || e == Event::client_back ||
           e == Event::drive_fault_cleared || e == Event::runaway_ends || e == Event::runner_on;
}

SupervisorOutputs apply(Bench& bench, Event e) {
    switch (e) {
    case Event::select_runner:
        return bench.send(CommandKind::select_runner);
    case Event::start:
        return bench.send(CommandKind::start);
    case Event::start_fast:
        return bench.send(CommandKind::start, 4.0);
    case Event::stop:
        return bench.send(CommandKind::stop);
    case Event::emergency_stop:
        return bench.send(CommandKind::emergency_stop);
    case Event::request_mid:
        return bench.send(CommandKind::request_speed, 1.5);
    case Event::request_over_cap:
        return bench.send(CommandKind::request_speed, 12.0);
    case Event::request_zero:
        return bench.send(CommandKind::request_speed, 0.0);
    case Event::acknowledge:
        return bench.send(CommandKind::acknowledge_fault);
    case Event::drive_lost:
        bench.drive_online = false;
        break;
    case Event::drive_back:
        bench.drive_online = true;
        break;
    case Event::force_lost:
        bench.force_online = false;
        break;
    case Event::force_back:
        bench.force_online = true;
        break;
    case Event::runner_off:
        bench.runner_on_belt = false;
        break;
    case Event::runner_on:
        bench.runner_on_belt = true;
        break;
    case Event::drive_fault:
        bench.drive_fault = 9;
        break;
    case Event::drive_fault_cleared:
        bench.drive_fault = 0;
        break;
    case Event::client_lost:
        bench.client_online = false;
        break;
    case Event::client_back:
        bench.client_online = true;
        break;
    case Event::runaway:
        bench.runaway_kmh = 2.0;
        break;
    case Event::runaway_ends:
        bench.runaway_kmh = 0.0;
        break;
    case Event::wait_10ms:
        return bench.tick(std::nullopt, 10ms);
    case Event::wait_100ms:
        return bench.tick(std::nullopt, 100ms);
    case Event::wait_300ms:
        return bench.tick(std::nullopt, 300ms);
    case Event::wait_1s:
        return bench.tick(std::nullopt, 1s);
    case Event::wait_2500ms:
        return bench.tick(std::nullopt, 2500ms);
    case Event::count_:
        break;
    }
    return bench.tick(); // an environment change, seen on the next 10 ms tick
}

bool is_command(Event e) {
    return e <= Event::acknowledge;
}

// Returns the first broken invariant for one transition, or an empty string.
std::string violation(const Bench& before, Event e, const Bench& after,
                      const SupervisorOutputs& out) {
    const SupervisorSettings& s = after.supervisor.settings();
    const SupervisorState from = before.state();
    const SupervisorState to = after.state();
    const double was = before.speed();
    const double now = out.speed.kmh();
    const double dt = std::chrono::duration<double>(after.now - before.now).count();
    const bool started = is_start(e) && out.command && out.command->accepted;

    if (!(now >= 0.0)) return "negative or NaN setpoint";
    if (now > std::min(kCap, s.ramp.machine_max_kmh) + kEps) return "setpoint above the cap";
    if (now > was + kEps) {
        if (to != SupervisorState::starting && to != SupervisorState::running)
            return "setpoint rose outside Starting/Running";
        const bool from_rest = was <= 0.0 && now <= s.ramp.start_speed_kmh + kEps;
        if (!from_rest && now - was > s.ramp.accel_kmh_per_s * dt + kEps)
            return "acceleration above the bound";
        if (was <= 0.0 && !is_driving_state(from) && !started)
            return "motion from rest without an accepted start";
    }
    if (e == Event::stop && is_driving_state(to)) return "a stop request left the belt driven";
    if (e == Event::emergency_stop && to != SupervisorState::emergency_stop)
        return "an emergency stop request was not obeyed";
    if (!is_driving_state(from) && is_driving_state(to) && !started)
        return "entered a driving state without an accepted start";
    if (!is_driving_state(to)) {
        const double rate = to == SupervisorState::emergency_stop ? s.ramp.emergency_decel_kmh_per_s
                                                                  : s.ramp.decel_kmh_per_s;
        if (std::abs(now - std::max(0.0, was - rate * dt)) > kEps)
            return "a stopping setpoint did not fall at the deceleration bound";
    }
    if (is_latched_state(from) && e != Event::acknowledge) {
        if (!is_latched_state(to)) return "a latched state cleared on its own";
        if ((after.supervisor.latched() & before.supervisor.latched()) !=
            before.supervisor.latched())
            return "a latched fault cleared on its own";
    }
    if (e == Event::acknowledge && out.command->accepted &&
        (to != SupervisorState::stopped || now > 0.0))
        return "an acknowledgement did not lead to rest";
    if (is_recovery(e) && !is_driving_state(from) && (is_driving_state(to) || now > was + kEps))
        return "a recovery restarted the belt";
    if ((to == SupervisorState::emergency_stop) != (out.intent == DriveIntent::emergency_stop))
        return "emergency intent does not match the state";
    if (out.intent == DriveIntent::run && !is_driving_state(to) &&
        !(to == SupervisorState::stopping && now > 0.0))
        return "run intent outside motion";
    if (after.drive.fault_code != 0 && !is_latched_state(to))
        return "a drive fault code did not latch";
    if (is_command(e) != out.command.has_value()) return "command outcome missing or spurious";
    if (out.state != to) return "outputs disagree with the state";
    return {};
}

// A canonical key: everything that decides future behaviour, with times made
// relative to now and saturated just past the largest threshold they meet.
class KeyBuilder {
public:
    explicit KeyBuilder(TimePoint now) : now_(now) {}

    void add(std::int64_t v) { key_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void add_speed(double kmh) { add(std::llround(kmh * 1e9)); }
    void add_age(const std::optional<TimePoint>& t, Duration saturate) {
        if (!t) return add(-1);
        const Duration age = std::clamp(now_ - *t, Duration::zero(), saturate + 1ns);
        add(age.count());
    }
    std::string take() { return std::move(key_); }

private:
    TimePoint now_;
    std::string key_;
};

std::string canonical_key(const Bench& b) {
    const SupervisorSettings& s = b.supervisor.settings();
    const SupervisorMemory& m = b.supervisor.memory();
    KeyBuilder k{b.now};
    k.add(b.drive_online | b.force_online << 1 | b.client_online << 2 | b.runner_on_belt << 3 |
          (b.drive_fault != 0) << 4 | (b.runaway_kmh > 0.0) << 5);
    k.add_age(b.drive.last_fresh, s.drive_status_timeout);
    k.add_age(b.force.last_fresh, s.force_sample_timeout);
    k.add_age(b.client.last_heartbeat, s.heartbeat_timeout);
    k.add(b.drive.fault_code);
    k.add_speed(b.drive.actual_kmh);
    k.add(static_cast<std::int64_t>(m.state));
    k.add(static_cast<std::int64_t>(m.latched.to_ulong()));
    k.add_speed(m.requested_kmh);
    k.add_speed(m.cool_down_target_kmh);
    k.add_speed(b.speed());
    k.add_age(m.run_start, std::max(b.caps.duration_cap, s.start_timeout));
    k.add_age(m.cool_down_start, b.caps.cool_down);
    k.add_age(m.last_on_belt, s.off_belt_time);
    k.add_age(m.overspeed_since, s.overspeed_time);
    k.add_age(m.zero_since, s.stop_timeout);
    return k.take();
}

struct Node {
    std::uint32_t parent;
    Event event;
};

std::string trace(const std::vector<Node>& nodes, std::uint32_t id, Event last) {
    std::vector<Event> events{last};
    for (; id != 0; id = nodes[id].parent)
        events.push_back(nodes[id].event);
    std::string out;
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        out += std::string(name_of(*it)) + " ";
    return out;
}

int depth_bound() {
    if (const char* env = std::getenv("TG_SAFETY_DEPTH")) return std::atoi(env);
    return 7;
}

struct Exploration {
    std::uint64_t states = 0;
    std::uint64_t transitions = 0;
    std::array<std::uint64_t, 9> states_per_supervisor_state{};
    std::string failure;
};

// Breadth-first over every event from every distinct state reachable from `seed`.
Exploration explore(const Bench& seed, int depth) {
    Exploration result;
    std::unordered_set<std::string> seen{canonical_key(seed)};
    std::vector<Node> nodes{{0, Event::count_}};
    struct Frontier {
        Bench bench;
        std::uint32_t id;
    };
    std::vector<Frontier> frontier{{seed, 0}};
    for (int level = 0; level < depth && result.failure.empty() && !frontier.empty(); ++level) {
        std::vector<Frontier> next;
        for (const Frontier& node : frontier) {
            for (std::size_t i = 0; i < kEventCount; ++i) {
                const auto e = static_cast<Event>(i);
                Bench bench = node.bench;
                const SupervisorOutputs out = apply(bench, e);
                ++result.transitions;
                if (auto why = violation(node.bench, e, bench, out); !why.empty()) {
                    result.failure = why + " after: " + trace(nodes, node.id, e);
                    return result;
                }
                if (!seen.insert(canonical_key(bench)).second) continue;
                ++result.states_per_supervisor_state.at(static_cast<std::size_t>(bench.state()));
                nodes.push_back({node.id, e});
                next.push_back({std::move(bench), static_cast<std::uint32_t>(nodes.size() - 1)});
            }
        }
        frontier = std::move(next);
    }
    result.states = seen.size();
    return result;
}

// Seeds past the prefix every deep path shares, so a bounded depth reaches far.
Bench seed_running_at_cap() {
    Bench bench = make_bench();
    bench.send(CommandKind::select_runner);
    bench.send(CommandKind::start, 4.0);
    bench.run_for(5s); // at the cap, 1 s before the duration cap
    return bench;
}

Bench seed_cooling_down() {
    Bench bench = seed_running_at_cap();
    bench.run_for(1500ms);
    return bench;
}

} // namespace

TEST_CASE("exhaustive: every reachable (state, event) pair keeps the invariants") {
    const int depth = depth_bound();
    struct Seed {
        const char* name;
        Bench bench;
        int depth;
    };
    const Seed seeds[] = {{"power-up", make_bench(), depth},
                          {"running at the cap", seed_running_at_cap(), depth - 2},
                          {"cooling down", seed_cooling_down(), depth - 2}};
    REQUIRE(seeds[1].bench.state() == SupervisorState::running);
    REQUIRE(seeds[1].bench.speed() == doctest::Approx(kCap));
    REQUIRE(seeds[2].bench.state() == SupervisorState::cool_down);
    std::array<std::uint64_t, 9> reached{};
    for (const Seed& seed : seeds) {
        const Exploration result = explore(seed.bench, seed.depth);
        std::ostringstream report;
        report << "exhaustive from " << seed.name << " to depth " << seed.depth << ": "
               << result.states << " distinct states, " << result.transitions
               << " transitions; states per supervisor state:";
        for (std::size_t i = 0; i < reached.size(); ++i) {
            report << " " << to_string(static_cast<SupervisorState>(i)) << "="
                   << result.states_per_supervisor_state[i];
            reached[i] += result.states_per_supervisor_state[i];
        }
        std::printf("%s\n", report.str().c_str());
        MESSAGE(report.str());
        INFO(result.failure);
        CHECK(result.failure.empty());
    }
    // The walk must actually reach every state, or it proves nothing about them.
    for (std::size_t i = 0; i < reached.size(); ++i) {
        CAPTURE(to_string(static_cast<SupervisorState>(i)));
        CHECK(reached[i] > 0);
    }
}

TEST_CASE("random walks beyond the exhaustive depth keep the invariants") {
    std::mt19937 rng{20240607u};
    // Waits are weighted up so walks get far in time (cool-down, stop timeouts).
    std::discrete_distribution<std::size_t> pick{
        {2, 2, 2, 1, 1, 2, 2, 1, 3, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 20, 10, 6, 6, 3}};
    REQUIRE(pick.probabilities().size() == kEventCount);
    std::uint64_t transitions = 0;
    std::string failure;
    for (int walk = 0; walk < 200 && failure.empty(); ++walk) {
        Bench bench = make_bench();
        std::vector<Event> path;
        for (int step = 0; step < 1500; ++step) {
            const auto e = static_cast<Event>(pick(rng));
            path.push_back(e);
            Bench before = bench;
            const SupervisorOutputs out = apply(bench, e);
            ++transitions;
            if (auto why = violation(before, e, bench, out); !why.empty()) {
                failure =
                    why + " in walk " + std::to_string(walk) + " at step " + std::to_string(step);
                break;
            }
        }
    }
    std::printf("random walks: %llu transitions\n", static_cast<unsigned long long>(transitions));
    INFO(failure);
    CHECK(failure.empty());
}
