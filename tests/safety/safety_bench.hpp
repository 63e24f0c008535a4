#pragma once
// A hand-driven test bench around the supervisor: a simulated drive (reports
// the previous setpoint, like a real drive one tick late), force plate and
// client, all with switches to break them. Time advances only when told.

#include "controller/safety/supervisor.hpp"

#include <chrono>
#include <optional>

namespace tg::safety::test {

using namespace std::chrono_literals;

inline SessionCaps default_caps() {
    return SessionCaps{8.0, std::chrono::minutes(20), std::chrono::minutes(2), 3.0};
}

struct Bench {
    explicit Bench(const SupervisorSettings& s = SupervisorSettings{}) : supervisor(s) {}

    Supervisor supervisor;
    TimePoint now = TimePoint{} + std::chrono::hours(1);
    SessionCaps caps = default_caps();

    // Environment switches.
    bool drive_online = true;
    bool force_online = true;
    bool client_online = true;
    bool interactive_required = true;
    bool runner_on_belt = true;
    std::uint16_t drive_fault = 0;
    double runaway_kmh = 0.0; // a misbehaving drive runs this much faster than told
    double body_weight_n = 700.0;

    // What the simulated devices last delivered.
    DriveStatus drive;
    ForcePlateStatus force;
    ClientStatus client;
    std::optional<SupervisorOutputs> last;

    SupervisorOutputs tick(std::optional<OperatorCommand> command = std::nullopt,
                           Duration dt = 10ms) {
        now += dt;
        refresh_devices();
        SupervisorInputs in{command, caps, drive, force, client};
        last = supervisor.update(now, in);
        return *last;
    }

    SupervisorOutputs send(CommandKind kind, double kmh = 0.0) {
        return tick(OperatorCommand{kind, kmh});
    }

    // Ticks at 100 Hz for `span` with no command.
    SupervisorOutputs run_for(Duration span, Duration step = 10ms) {
        SupervisorOutputs out = tick(std::nullopt, step);
        for (Duration t = step; t < span; t += step)
            out = tick(std::nullopt, step);
        return out;
    }

    // Select, start, and tick until Running at `kmh`.
    SupervisorOutputs start_running(double kmh) {
        send(CommandKind::select_runner);
        send(CommandKind::start, kmh);
        return run_for(std::chrono::seconds(30));
    }

    [[nodiscard]] double speed() const { return supervisor.commanded().kmh(); }
    [[nodiscard]] SupervisorState state() const { return supervisor.state(); }
    [[nodiscard]] bool latched(AlarmCode code) const {
        return supervisor.latched().test(index_of(code));
    }

private:
    void refresh_devices() {
        if (drive_online) {
            drive.last_fresh = now;
            drive.fault_code = drive_fault;
            // A real drive reports what it was told one tick ago.
            drive.actual_kmh = supervisor.commanded().kmh() + runaway_kmh;
        }
        if (force_online) {
            force.last_fresh = now;
            force.vertical_force_n = runner_on_belt ? 2.5 * body_weight_n : 0.0;
        }
        force.body_weight_n = body_weight_n;
        if (client_online) client.last_heartbeat = now;
        client.interactive_required = interactive_required;
    }
};

} // namespace tg::safety::test
