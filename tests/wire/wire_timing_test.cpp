// treadguard-sim's baud-accurate RTU wire (--baud): round trips of known requests against
// the wire arithmetic (drivers/modbus/rtu_timing.hpp), seen by our link and by two masters
// we did not write (python3-pymodbus and mbpoll); and the device's rules of the line:
// t1.5 inside a frame, one speaker at a time. Medians of many repetitions, so a busy
// machine's occasional late wake-up does not decide the outcome.
#include "drivers/modbus/modbus_link.hpp"
#include "drivers/modbus/rtu_timing.hpp"
#include "hw/sim/crc16.hpp"
#include "tests/support/sim_process.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <poll.h>
#include <regex>
#include <sstream>
#include <termios.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace tg;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kDriveUnit = 1;
constexpr int kPlateUnit = 2;
constexpr int kDriveStatus = 0x2100; // Delta status block, reads up to 16 registers
constexpr int kPlateMirror = 0x0200; // FIFO map's mirror: any length, pops nothing
constexpr int kPlateIdentity = 0x0000;

double ms(modbus::WireNanos t) {
    return static_cast<double>(t.count()) / 1e6;
}

double median(std::vector<double> v) {
    REQUIRE_FALSE(v.empty());
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string format_name(const modbus::SerialFormat& f) {
    return std::to_string(f.data_bits) + f.parity + std::to_string(f.stop_bits);
}

std::vector<std::string> wire_args(const modbus::SerialFormat& f) {
    return {"--baud", std::to_string(f.baud), "--format", format_name(f)};
}

// Arithmetic round trip of a read of `count` registers.
double expected_read_ms(const modbus::SerialFormat& f, int count,
                        std::chrono::microseconds delay = 0us) {
    return ms(modbus::round_trip_time(f, modbus::rtu_bytes::kReadRequest,
                                      modbus::rtu_bytes::read_reply(count), delay));
}

std::vector<double> link_round_trips(const std::string& path, const modbus::SerialFormat& f,
                                     int unit, int address, int count, int n) {
    modbus::LinkConfig c;
    REQUIRE_FALSE(modbus::parse_link_spec(
        "rtu:" + path + ":" + std::to_string(f.baud) + ":" + format_name(f), c));
    c.unit_id = unit;
    // Timeouts are not under test here: a loaded machine's rare long stall is one slow
    // round trip for the median to ignore, not a failed read.
    c.response_timeout = 2000ms;
    c.byte_timeout = 500ms;
    modbus::ModbusLink link(c);
    std::vector<std::uint16_t> out(static_cast<std::size_t>(count));
    REQUIRE(link.read_holding(address, out).ok()); // opens the port: not timed
    std::vector<double> times;
    for (int i = 0; i < n; ++i) {
        // past the link's own t3.5 before a request, so only the round trip is timed
        std::this_thread::sleep_for(10ms);
        const auto t0 = Clock::now();
        auto r = link.read_holding(address, out);
        const auto t1 = Clock::now();
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().text));
        times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return times;
}

// python3-pymodbus, timed inside the client around each call: its median round trip.
double pymodbus_median_ms(const std::string& path, const modbus::SerialFormat& f, int unit,
                          int address, int count, int n) {
    const std::string script = testing::source_dir() + "/tests/wire/pymodbus_rtu_client.py";
    std::ostringstream cmd;
    cmd << "/usr/bin/python3 " << script << " --port " << path << " --baud " << f.baud
        << " --format " << format_name(f) << " --unit " << unit << " --address " << address
        << " --count " << count << " --requests " << n;
    auto result = testing::run_command(cmd.str(), 120);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    std::smatch m;
    REQUIRE(
        std::regex_search(result.output, m, std::regex("timeouts=([0-9]+) median_ms=([0-9.]+)")));
    CHECK(std::stoi(m[1]) == 0);
    return std::stod(m[2]);
}

// mbpoll, one invocation per read: the process start and port opening are in every time,
// so only differences between two request sizes are compared with the arithmetic.
double mbpoll_median_ms(const std::string& path, const modbus::SerialFormat& f, int unit,
                        int address, int count, int n) {
    const char* parity = f.parity == 'N' ? "none" : f.parity == 'E' ? "even" : "odd";
    std::ostringstream cmd;
    cmd << "mbpoll -m rtu -b " << f.baud << " -d 8 -s " << f.stop_bits << " -P " << parity << " -a "
        << unit << " -0 -r " << address << " -c " << count << " -o 2 -1 " << path;
    std::vector<double> times;
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        auto result = testing::run_command(cmd.str(), 20);
        const auto t1 = Clock::now();
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return median(times);
}

// A raw master end of the sim's pty, for frames no well-behaved master would send.
class RawPort {
public:
    explicit RawPort(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_NOCTTY)) {
        REQUIRE(fd_ >= 0);
        termios tio{};
        tcgetattr(fd_, &tio);
        cfmakeraw(&tio);
        tcsetattr(fd_, TCSANOW, &tio);
    }
    ~RawPort() { ::close(fd_); }
    RawPort(const RawPort&) = delete;
    RawPort& operator=(const RawPort&) = delete;

    void write(std::span<const std::uint8_t> bytes) const {
        REQUIRE(::write(fd_, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    }
    // Everything that arrives within `window`.
    std::vector<std::uint8_t> collect(std::chrono::milliseconds window) const {
        std::vector<std::uint8_t> got;
        const auto until = Clock::now() + window;
        while (Clock::now() < until) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count()) + 1) <= 0) continue;
            std::uint8_t buf[256];
            const auto n = ::read(fd_, buf, sizeof buf);
            if (n > 0) got.insert(got.end(), buf, buf + n);
        }
        return got;
    }
    // Waits for the first byte (up to `limit`).
    bool wait_first_byte(std::chrono::milliseconds limit, std::vector<std::uint8_t>& got) const {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
        std::uint8_t buf[256];
        const auto n = ::read(fd_, buf, sizeof buf);
        if (n > 0) got.insert(got.end(), buf, buf + n);
        return n > 0;
    }

private:
    int fd_;
};

std::vector<std::uint8_t> read_request(int unit, int address, int count) {
    std::vector<std::uint8_t> adu{
        static_cast<std::uint8_t>(unit),         0x03,
        static_cast<std::uint8_t>(address >> 8), static_cast<std::uint8_t>(address & 0xFF),
        static_cast<std::uint8_t>(count >> 8),   static_cast<std::uint8_t>(count & 0xFF)};
    const auto crc = sim::modbus_crc16(adu);
    adu.push_back(static_cast<std::uint8_t>(crc & 0xFF));
    adu.push_back(static_cast<std::uint8_t>(crc >> 8));
    return adu;
}

// The Delta map with a reply delay, in a temporary folder.
std::string delta_map_with_reply_delay(const std::string& dir, int delay_us) {
    std::ifstream in(testing::source_dir() + "/hw/devices/delta-ms300.toml");
    std::stringstream text;
    text << in.rdbuf();
    std::string map = text.str();
    const std::string key = "reply_delay_us = 0";
    const auto at = map.find(key);
    REQUIRE(at != std::string::npos);
    map.replace(at, key.size(), "reply_delay_us = " + std::to_string(delay_us));
    const std::string path = dir + "/delta-delayed.toml";
    std::ofstream(path) << map;
    return path;
}

} // namespace

TEST_CASE("our link's round trip over the sim's wire matches the arithmetic within 5 %") {
    struct Case {
        modbus::SerialFormat format;
        int unit, address, count, repetitions;
    };
    const Case cases[] = {
        {{9600, 8, 'N', 1}, kDriveUnit, kDriveStatus, 16, 25},    // 50.5 ms
        {{19200, 8, 'E', 1}, kDriveUnit, kDriveStatus, 16, 40},   // 27.8 ms
        {{38400, 8, 'N', 2}, kPlateUnit, kPlateMirror, 125, 30},  // 77.1 ms
        {{115200, 8, 'N', 1}, kPlateUnit, kPlateMirror, 125, 60}, // 24.6 ms
    };
    for (const auto& c : cases) {
        CAPTURE(c.format.baud);
        CAPTURE(format_name(c.format));
        CAPTURE(c.count);
        testing::SimProcess sim(wire_args(c.format), true);
        const double expected = expected_read_ms(c.format, c.count);
        const double measured = median(
            link_round_trips(sim.rtu_path(), c.format, c.unit, c.address, c.count, c.repetitions));
        CAPTURE(expected);
        CAPTURE(measured);
        MESSAGE("link " << c.format.baud << " " << format_name(c.format) << " " << c.count
                        << " registers: median " << measured << " ms, arithmetic " << expected);
        CHECK(measured == doctest::Approx(expected).epsilon(0.05));
    }
}

TEST_CASE("the device map's reply delay comes between the request's t3.5 and the reply") {
    const std::string dir = testing::make_temp_dir("tg-wire");
    const modbus::SerialFormat f{19200, 8, 'N', 1};
    auto args = wire_args(f);
    args.push_back("--drive");
    args.push_back(delta_map_with_reply_delay(dir, 15000));
    testing::SimProcess sim(args, true);
    const double expected = expected_read_ms(f, 4, 15000us); // 10.9 + 1.8 + 15 ms
    const double measured =
        median(link_round_trips(sim.rtu_path(), f, kDriveUnit, kDriveStatus, 4, 40));
    CAPTURE(expected);
    CHECK(measured == doctest::Approx(expected).epsilon(0.05));
    // the plate's map gives no delay: its round trip is the wire's alone
    const double plate =
        median(link_round_trips(sim.rtu_path(), f, kPlateUnit, kPlateMirror, 125, 15));
    CHECK(plate == doctest::Approx(expected_read_ms(f, 125)).epsilon(0.05));
    (void)std::system(("rm -rf '" + dir + "'").c_str());
}

// A master we did not write, timed from outside our code: the difference between the
// medians of a 125-register and a 1-register read is the 248 reply characters the wire adds
// (the request, t3.5 and the master's own overhead are the same in both, and cancel).
void check_reply_cost(const std::string& who, const modbus::SerialFormat& f,
                      const std::function<double(int address, int count)>& median_ms) {
    const double extra = ms(modbus::frame_time(f, modbus::rtu_bytes::read_reply(125) -
                                                      modbus::rtu_bytes::read_reply(1)));
    const double small = median_ms(kPlateIdentity, 1);
    const double large = median_ms(kPlateMirror, 125);
    CAPTURE(who);
    CAPTURE(f.baud);
    CAPTURE(small);
    CAPTURE(large);
    MESSAGE(who << " at " << f.baud << " " << format_name(f) << ": 125 vs 1 register costs "
                << large - small << " ms, arithmetic " << extra << " ms");
    CHECK(large - small == doctest::Approx(extra).epsilon(0.05));
    // no master can be faster than the wire
    CHECK(small > 0.98 * expected_read_ms(f, 1));
    CHECK(large > 0.98 * expected_read_ms(f, 125));
}

TEST_CASE("python3-pymodbus sees the wire's arithmetic") {
    // No parity here: pyserial's tcsetattr with PARENB fails on a pseudo-terminal (EINVAL).
    for (const modbus::SerialFormat f :
         {modbus::SerialFormat{9600, 8, 'N', 1}, modbus::SerialFormat{19200, 8, 'N', 2}}) {
        testing::SimProcess sim(wire_args(f), true);
        check_reply_cost("pymodbus", f, [&](int address, int count) {
            return pymodbus_median_ms(sim.rtu_path(), f, kPlateUnit, address, count,
                                      count == 1 ? 25 : 15);
        });
    }
}

TEST_CASE("mbpoll sees the wire's arithmetic") {
    REQUIRE_MESSAGE(testing::have_program("mbpoll"), "mbpoll is not installed");
    // One process per read: its start-up varies on a busy machine, so slow rates, where the
    // 248 characters are long (258 ms at 9600, 517 ms at 4800), keep 5 % above that noise.
    for (const modbus::SerialFormat f :
         {modbus::SerialFormat{4800, 8, 'E', 1}, modbus::SerialFormat{9600, 8, 'N', 1}}) {
        testing::SimProcess sim(wire_args(f), true);
        check_reply_cost("mbpoll", f, [&](int address, int count) {
            return mbpoll_median_ms(sim.rtu_path(), f, kPlateUnit, address, count, 11);
        });
    }
}

TEST_CASE("half duplex: a request sent while the sim is replying gets no answer") {
    const modbus::SerialFormat f{9600, 8, 'N', 1};
    testing::SimProcess sim(wire_args(f), true);
    RawPort port(sim.rtu_path());
    const auto request = read_request(kDriveUnit, kDriveStatus, 16); // reply: 37 bytes, 38.5 ms
    port.write(request);
    std::vector<std::uint8_t> got;
    REQUIRE(port.wait_first_byte(2000ms, got));
    std::this_thread::sleep_for(5ms); // the sim is mid-reply
    port.write(request);
    const auto rest = port.collect(400ms);
    got.insert(got.end(), rest.begin(), rest.end());
    CHECK(got.size() == 37); // the first reply, and nothing for the collided request
    CHECK(got[0] == kDriveUnit);
    CHECK(got[1] == 0x03);
    CHECK(sim.control("status").find("\"bad_frames\":1") != std::string::npos);
    // once the line is quiet, the next request is answered again
    port.write(request);
    CHECK(port.collect(400ms).size() == 37);
}

TEST_CASE(
    "a gap of more than t1.5 inside a request breaks it; characters queued back to back do not") {
    // At 1200 baud a character is 8.3 ms: t1.5 = 12.5 ms, t3.5 = 29.2 ms, and the first half
    // of a request (4 characters) occupies the wire for 33.3 ms after it is written.
    const modbus::SerialFormat f{1200, 8, 'N', 1};
    testing::SimProcess sim(wire_args(f), true);
    RawPort port(sim.rtu_path());
    const auto request = read_request(kDriveUnit, kDriveStatus, 1); // reply 7 bytes
    const auto half = std::span(request).first(4);
    const auto other = std::span(request).subspan(4);

    port.write(half);
    std::this_thread::sleep_for(15ms); // still on the wire: the rest follows without a gap
    port.write(other);
    CHECK(port.collect(600ms).size() == 7);

    port.write(half);
    std::this_thread::sleep_for(33ms + 20ms); // 20 ms of silence inside the frame
    port.write(other);
    CHECK(port.collect(600ms).empty());
    // and the line recovers
    port.write(request);
    CHECK(port.collect(600ms).size() == 7);
}
