// treadguard-sim: the virtual treadmill bench. See sim_options.cpp for the command line.
#include "controller/install/shipped_data_dir.hpp"
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "hw/sim/control_channel.hpp"
#include "hw/sim/plate_setup.hpp"
#include "hw/sim/rtu_server.hpp"
#include "hw/sim/sim_options.hpp"
#include "hw/sim/tcp_server.hpp"
#include "hw/sim/vfd_model.hpp"

#include <boost/asio.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sys/prctl.h>

namespace asio = boost::asio;
using namespace tg;
using tg::sim::Clock;

namespace {

asio::ip::tcp::endpoint parse_endpoint(const std::string& spec) {
    auto colon = spec.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("--tcp wants HOST:PORT");
    auto host = spec.substr(0, colon);
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    const int port = std::stoi(spec.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::runtime_error("--tcp port out of range");
    return {asio::ip::make_address(host), static_cast<unsigned short>(port)};
}

void print_status_every(asio::steady_timer& timer, double seconds, sim::VirtualBench& bench,
                        Clock::time_point start) {
    timer.expires_after(
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
    timer.async_wait([&timer, seconds, &bench, start](boost::system::error_code ec) {
        if (ec) return;
        const double t = std::chrono::duration<double>(Clock::now() - start).count();
        std::cout << "[sim " << static_cast<long>(t) << "s] " << bench.status_line() << std::endl;
        print_status_every(timer, seconds, bench, start);
    });
}

// Keeps watchdogs and ramps moving when nobody is asking.
void tick_every_10ms(asio::steady_timer& timer, sim::VirtualBench& bench) {
    timer.expires_after(std::chrono::milliseconds(10));
    timer.async_wait([&timer, &bench](boost::system::error_code ec) {
        if (ec) return;
        bench.advance(Clock::now());
        tick_every_10ms(timer, bench);
    });
}

int run(const sim::SimOptions& o) {
    auto drive_map = devicemap::load_drive_map(o.drive_map);
    if (auto* e = std::get_if<devicemap::DataFileError>(&drive_map)) {
        std::cerr << "treadguard-sim: " << e->message() << "\n";
        return 2;
    }
    auto treadmill = devicemap::load_treadmill_spec(o.treadmill);
    if (auto* e = std::get_if<devicemap::DataFileError>(&treadmill)) {
        std::cerr << "treadguard-sim: " << e->message() << "\n";
        return 2;
    }
    const auto now = Clock::now();
    asio::io_context io;
    sim::VirtualBench bench;
    const auto& map = std::get<devicemap::DriveMap>(drive_map);
    const int drive_unit = o.drive_unit != 0 ? o.drive_unit : map.default_unit;
    if (drive_unit == o.plate_unit) {
        std::cerr << "treadguard-sim: the drive and the force plate cannot share unit "
                  << drive_unit << "\n";
        return 2;
    }
    const double hz_per_kmh = std::get<devicemap::TreadmillSpec>(treadmill).hz_per_kmh;
    auto drive = std::make_unique<sim::VfdModel>(map, hz_per_kmh, now);
    if (o.watchdog_s >= 0) drive->set_watchdog(o.watchdog_s);
    auto plate = sim::make_force_plate(o, drive.get(), hz_per_kmh, now);
    if (auto* e = std::get_if<std::string>(&plate)) {
        std::cerr << "treadguard-sim: " << *e << "\n";
        return 2;
    }
    bench.add_unit(drive_unit, std::move(drive));
    const auto plate_reply_delay =
        std::get<std::unique_ptr<sim::ForcePlateModel>>(plate)->map().reply_delay;
    bench.add_unit(o.plate_unit, std::get<std::unique_ptr<sim::ForcePlateModel>>(std::move(plate)));

    std::unique_ptr<sim::TcpServer> tcp;
    std::unique_ptr<sim::RtuServer> rtu;
    if (!o.tcp.empty()) tcp = std::make_unique<sim::TcpServer>(io, bench, parse_endpoint(o.tcp));
    if (!o.rtu.empty()) {
        std::optional<sim::RtuWireSettings> wire;
        if (o.baud > 0) {
            wire = sim::RtuWireSettings{sim::serial_format(o), {}};
            wire->reply_delays[drive_unit] = map.reply_delay;
            wire->reply_delays[o.plate_unit] = plate_reply_delay;
            // Timers on time to the microsecond, not the default 50 us slack.
            prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
        }
        rtu = std::make_unique<sim::RtuServer>(io, bench, o.rtu, std::move(wire));
    }

    sim::ServerHooks hooks;
    hooks.set_refuse = [&](bool refuse) {
        if (tcp) tcp->set_refuse(refuse);
    };
    hooks.drop_all = [&] {
        if (tcp) tcp->drop_all();
    };
    hooks.quit = [&] { io.stop(); };
    hooks.plate_unit = o.plate_unit;
    sim::ControlChannel control(io, bench, hooks);
    control.listen_stdin();
    if (!o.control_socket.empty()) control.listen_socket(o.control_socket);
    for (const auto& command : o.faults) {
        const auto reply = sim::apply_command(bench, hooks, command);
        if (reply.starts_with("error")) {
            std::cerr << "treadguard-sim: --fault '" << command << "': " << reply << "\n";
            return 2;
        }
    }

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
    asio::steady_timer status_timer(io), tick_timer(io);
    if (o.status_interval_s > 0) print_status_every(status_timer, o.status_interval_s, bench, now);
    tick_every_10ms(tick_timer, bench);

    std::cout << "treadguard-sim ready";
    if (tcp) {
        std::cout << " tcp=" << tcp->local_endpoint().address().to_string() << ":"
                  << tcp->local_endpoint().port();
    }
    if (rtu) std::cout << " rtu=" << rtu->link_path() << " pty=" << rtu->pty_name();
    if (rtu && o.baud > 0) std::cout << " baud=" << o.baud << " format=" << o.format;
    if (!o.control_socket.empty()) std::cout << " control=" << o.control_socket;
    std::cout << std::endl;

    io.run();
    std::cout << "treadguard-sim: stopped" << std::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    auto parsed = sim::parse_sim_options(argc, argv, install::shipped_data_dir());
    if (parsed.help) {
        std::cout << sim::kSimUsage;
        return 0;
    }
    if (parsed.error) {
        std::cerr << "treadguard-sim: " << *parsed.error << "\n";
        return 2;
    }
    try {
        return run(parsed.options);
    } catch (const std::exception& e) {
        std::cerr << "treadguard-sim: " << e.what() << "\n";
        return 1;
    }
}
