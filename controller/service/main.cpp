// treadguard-controller: the daemon. Owns the hardware links and the safety supervisor,
// runs the control tick, records sessions, and serves the local API (API.md).
#include "controller/clinic_sync/clinic_sync.hpp"
#include "controller/service/api_handlers.hpp"
#include "controller/service/api_server.hpp"
#include "controller/service/asio.hpp"
#include "controller/service/control_loop.hpp"
#include "controller/service/controller_config.hpp"
#include "controller/service/journal_priority.hpp"
#include "controller/service/plate_worker_factory.hpp"
#include "controller/service/realtime.hpp"
#include "controller/service/slow_work.hpp"
#include "controller/service/systemd_notify.hpp"
#include "drivers/devicemap/drive_map.hpp"

#include <iostream>
#include <sys/stat.h>

using namespace tg;
namespace asio = boost::asio;

namespace {

const char* kUsage = R"(usage: treadguard-controller [options]
  --config FILE        controller configuration (TOML); default: the embedded one
                       (treadguard-sim on 127.0.0.1:1502, store in the user's data dir)
  --modbus LINK        override both device links: tcp:HOST:PORT or rtu:DEVICE[:BAUD[:8N1]]
  --api PATH           API socket (default $XDG_RUNTIME_DIR/treadguard/api.sock)
  --store PATH         records database
  --no-plate           run without the force plate (the supervisor then refuses to start)
  --realtime PRIO      SCHED_FIFO priority for the tick (the drive thread one above) and
                       locked memory; overrides [controller] realtime_priority
  -h, --help
)";

struct Args {
    std::string config, modbus, api, store;
    bool no_plate = false;
    std::optional<int> realtime;
};

std::optional<Args> parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "-h" || arg == "--help") {
            std::cout << kUsage;
            return std::nullopt;
        }
        if (arg == "--config")
            a.config = value();
        else if (arg == "--modbus")
            a.modbus = value();
        else if (arg == "--api")
            a.api = value();
        else if (arg == "--store")
            a.store = value();
        else if (arg == "--no-plate")
            a.no_plate = true;
        else if (arg == "--realtime")
            a.realtime = std::stoi(value());
        else
            throw std::runtime_error("unknown option '" + arg + "' (see --help)");
    }
    return a;
}

template <class T>
T loaded_or_throw(std::variant<T, devicemap::DataFileError> v) {
    if (auto* e = std::get_if<devicemap::DataFileError>(&v)) throw std::runtime_error(e->message());
    return std::get<T>(std::move(v));
}

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

service::ControllerConfig configure(const Args& a) {
    const auto data = service::default_data_dir();
    auto c = a.config.empty() ? service::default_config(data)
                              : loaded_or_throw(service::load_controller_config(a.config, data));
    if (!a.modbus.empty()) {
        modbus::LinkConfig probe;
        if (auto e = modbus::parse_link_spec(a.modbus, probe))
            throw std::runtime_error("--modbus: " + e->reason);
        c.drive.link = c.plate.link = a.modbus;
    }
    if (!a.api.empty()) c.api_socket = a.api;
    if (!a.store.empty()) {
        c.store = a.store;
        if (a.config.empty()) service::place_user_calibration(c);
    }
    if (a.no_plate) c.plate_enabled = false;
    if (a.realtime) {
        if (*a.realtime < 0 || *a.realtime > 89)
            throw std::runtime_error("--realtime: a priority from 0 to 89");
        c.realtime_priority = *a.realtime;
    }
    return c;
}

void schedule_tick(asio::steady_timer& timer, std::chrono::steady_clock::time_point next,
                   std::chrono::nanoseconds period,
                   const std::function<void(std::chrono::steady_clock::time_point,
                                            std::chrono::steady_clock::time_point)>& tick) {
    timer.expires_at(next);
    timer.async_wait([&timer, next, period, tick](boost::system::error_code ec) {
        if (ec) return;
        const auto now = std::chrono::steady_clock::now();
        tick(now, next);
        auto following = next + period;
        if (following < now) following = now + period; // overran: skip, never burst
        schedule_tick(timer, following, period, tick);
    });
}

int run(const service::ControllerConfig& config) {
    auto drive_map = loaded_or_throw(devicemap::load_drive_map(config.drive.device));
    auto treadmill = loaded_or_throw(devicemap::load_treadmill_spec(config.treadmill));
    modbus::LinkConfig drive_link;
    if (auto e = modbus::parse_link_spec(config.drive.link, drive_link))
        throw std::runtime_error(config.source + ": drive link: " + e->reason);
    if (config.drive.response_timeout_ms > 0)
        drive_link.response_timeout = std::chrono::milliseconds(config.drive.response_timeout_ms);
    drive_link = motor::link_config_for(drive_map, drive_link);
    if (config.drive.unit != 0) drive_link.unit_id = config.drive.unit;

    store::StoreOptions store_options;
    store_options.create_parent_directories = true;
    auto opened = store::Store::open(config.store, store_options);
    if (!opened.ok())
        throw std::runtime_error("records store " + config.store + ": " + opened.error().message);
    auto& db = opened.value();
    // Sessions a killed or crashed controller left open are closed first, with their real
    // run time from the steps kept: the planner must not take them for "never ran".
    if (auto closed = db.close_interrupted_sessions(wall_ms()); !closed.ok())
        throw std::runtime_error("records store " + config.store + ": " + closed.error().message);
    else if (closed.value() > 0)
        std::cout << service::journal_prefix(1, LOG_NOTICE) << "treadguard-controller: closed "
                  << closed.value() << " session(s) left open by an earlier run as 'interrupted'"
                  << std::endl;
    auto writer = store::RecordWriter::open(config.store,
                                            {1024, std::chrono::milliseconds(250), store_options});
    if (!writer.ok())
        throw std::runtime_error("records store " + config.store + ": " + writer.error().message);
    // The API worker's own connection: queries, exports and PIN checks run there.
    auto worker_store = store::Store::open(config.store, store_options);
    if (!worker_store.ok())
        throw std::runtime_error("records store " + config.store + ": " +
                                 worker_store.error().message);
    // The clinic fleet (no [clinic]: nothing starts); records are kept for it from here on.
    auto clinic = clinic_sync::ClinicSync::start(config.clinic, config.store);
    if (!clinic.ok()) throw std::runtime_error(clinic.error().message);

    auto plate = service::make_plate_worker(config);
    service::DriveWorker drive(motor::MotorDrive(drive_map, treadmill, drive_link),
                               {config.drive_watchdog_s},
                               std::chrono::milliseconds(config.drive_status_period_ms));

    safety::SupervisorSettings settings;
    settings.ramp.machine_max_kmh = treadmill.max_speed_kmh;
    // The machine file bounds the ramps; DESIGN's defaults apply where it allows more.
    settings.ramp.accel_kmh_per_s =
        std::min(settings.ramp.accel_kmh_per_s, treadmill.max_accel_kmh_per_s);
    settings.ramp.decel_kmh_per_s =
        std::min(settings.ramp.decel_kmh_per_s, treadmill.max_decel_kmh_per_s);
    settings.ramp.emergency_decel_kmh_per_s = treadmill.max_decel_kmh_per_s;
    settings.heartbeat_timeout =
        std::chrono::milliseconds(static_cast<long>(config.heartbeat_timeout_s * 1000));
    settings.stop_on_client_loss = config.stop_on_heartbeat_loss;
    if (auto bad = settings.validate(); !bad.empty())
        throw std::runtime_error("safety settings: " + bad.front());

    const auto epoch = std::chrono::steady_clock::now();
    asio::io_context io;
    service::SlowWork work(io, std::move(worker_store.value()));
    service::ControlDeps deps{config,  treadmill, &drive, plate.get(), writer.value().get(),
                              wall_ms, &work};
    service::ControlLoop loop(deps, settings, epoch);
    service::ApiHandlers handlers(loop, work, config);
    service::ApiServer api(io, config.api_socket, handlers);

    if (config.realtime_priority > 0) {
        if (auto refused = service::lock_memory())
            std::cerr << service::journal_prefix(2, LOG_WARNING)
                      << "treadguard-controller: " << *refused << std::endl;
        if (auto refused = service::make_thread_realtime(config.realtime_priority))
            std::cerr << service::journal_prefix(2, LOG_WARNING)
                      << "treadguard-controller: tick thread: " << *refused << std::endl;
    }
    drive.start(config.realtime_priority > 0 ? config.realtime_priority + 1 : 0);
    if (plate) plate->start(epoch);
    // systemd (Type=notify): ready once the links answer (the API listens from here on),
    // the supervisor state as STATUS=, the watchdog fed by the tick itself.
    service::SystemdNotify systemd;
    service::SystemdNotices notices(plate != nullptr, systemd.watchdog());
    std::uint64_t ticks = 0;
    asio::steady_timer timer(io);
    const auto period = std::chrono::nanoseconds(1'000'000'000 / config.tick_hz);
    schedule_tick(
        timer, epoch + period, period,
        [&](std::chrono::steady_clock::time_point now, std::chrono::steady_clock::time_point due) {
            // Heartbeats matter for a session that began with an interactive client watching,
            // and only that client's heartbeats count.
            if (!loop.moving()) api.refresh_watchers();
            loop.set_interactive_required(api.has_watchers());
            loop.set_heartbeat(api.watchers_heartbeat());
            loop.tick(now, due);
            if (clinic.value()) clinic.value()->offer_status(now, [&] { return loop.status(now); });
            api.publish(
                now, [&] { return loop.status(now); }, loop.take_events());
            if (systemd.active()) {
                std::optional<service::ServiceHealth> health;
                if (notices.wants_health(now))
                    health = service::health_from_status(loop.status(now));
                systemd.send(notices.on_tick(now, ++ticks, health));
            }
        });
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) {
        systemd.send("STOPPING=1");
        io.stop();
    });

    std::cout << "treadguard-controller: drive " << drive_link.describe() << " (" << drive_map.name
              << "), plate " << (plate ? config.plate.link : std::string("disabled"))
              << ", machine " << treadmill.id << ", store " << config.store << ", api "
              << config.api_socket << ", config " << config.source << std::endl;
    io.run();
    drive.stop_and_join(); // commands stop on the way out
    // Records still queued are written; their completions find the io_context stopped.
    (void)writer.value()->wait_idle(std::chrono::seconds(5));
    if (plate) plate->stop_and_join();
    std::cout << "treadguard-controller: stopped" << std::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // Records, recordings and exports: owner read-write, group read, others nothing.
    ::umask(0027);
    try {
        auto args = parse_args(argc, argv);
        if (!args) return 0;
        return run(configure(*args));
    } catch (const std::exception& e) {
        std::cerr << service::journal_prefix(2, LOG_ERR) << "treadguard-controller: " << e.what()
                  << "\n";
        return 2;
    }
}
