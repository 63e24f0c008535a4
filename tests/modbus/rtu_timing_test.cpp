// The wire arithmetic shared by the simulator and the link, and the timeouts derived from it.
#include "drivers/modbus/link_timeouts.hpp"
#include "drivers/modbus/rtu_timing.hpp"

#include <doctest/doctest.h>

using namespace tg::modbus;
using namespace std::chrono_literals;

namespace {

double ms(WireNanos t) {
    return static_cast<double>(t.count()) / 1e6;
}

} // namespace

TEST_CASE("a character is start, data, parity and stop bits") {
    CHECK(bits_per_character({9600, 8, 'N', 1}) == 10);
    CHECK(bits_per_character({9600, 8, 'E', 1}) == 11);
    CHECK(bits_per_character({9600, 8, 'O', 1}) == 11);
    CHECK(bits_per_character({9600, 8, 'N', 2}) == 11);
    CHECK(bits_per_character({9600, 8, 'E', 2}) == 12);
    CHECK(character_time({9600, 8, 'N', 1}) == 1'041'666ns);
    CHECK(character_time({115200, 8, 'E', 1}) == 95'486ns);
}

TEST_CASE("frame times agree with the register facts' figures for one FC03 of 20 registers") {
    // register-facts.md: 8-byte request + 45-byte reply at 11 bits/char is about 61 ms at
    // 9600 and about 5 ms at 115200.
    const int bytes = rtu_bytes::kReadRequest + rtu_bytes::read_reply(20);
    CHECK(bytes == 53);
    CHECK(ms(frame_time({9600, 8, 'E', 1}, bytes)) == doctest::Approx(60.729).epsilon(1e-4));
    CHECK(ms(frame_time({115200, 8, 'E', 1}, bytes)) == doctest::Approx(5.0608).epsilon(1e-4));
}

TEST_CASE("t3.5 and t1.5 are character times up to 19200 baud and fixed above it") {
    CHECK(ms(t3_5({9600, 8, 'N', 1})) == doctest::Approx(3.6458).epsilon(1e-4));
    CHECK(ms(t1_5({9600, 8, 'N', 1})) == doctest::Approx(1.5625).epsilon(1e-4));
    CHECK(ms(t3_5({19200, 8, 'E', 1})) == doctest::Approx(2.0052).epsilon(1e-4));
    CHECK(t3_5({38400, 8, 'N', 1}) == 1750us);
    CHECK(t1_5({38400, 8, 'N', 1}) == 750us);
    CHECK(t3_5({921600, 8, 'N', 1}) == 1750us);
}

TEST_CASE("frame sizes of the functions the link uses") {
    CHECK(rtu_bytes::read_reply(4) == 13);
    CHECK(rtu_bytes::read_reply(125) == 255);
    CHECK(rtu_bytes::write_multiple_request(2) == 13);
    CHECK(rtu_bytes::write_multiple_request(123) == 255);
}

TEST_CASE("round trip and wire limit of back-to-back 4-register reads") {
    const SerialFormat f{115200, 8, 'N', 1};
    const int request = rtu_bytes::kReadRequest;
    const int reply = rtu_bytes::read_reply(4);
    // 21 characters of 10 bits, t3.5 before the reply; a reply delay adds to it.
    CHECK(ms(round_trip_time(f, request, reply, 0ns)) ==
          doctest::Approx(1.8229 + 1.75).epsilon(1e-4));
    CHECK(ms(round_trip_time(f, request, reply, 500us)) ==
          doctest::Approx(1.8229 + 1.75 + 0.5).epsilon(1e-4));
    // and t3.5 again before the next request
    CHECK(wire_limit_per_second(f, request, reply, 0ns) ==
          doctest::Approx(1000.0 / (1.8229 + 3.5)).epsilon(1e-4));
    // at 9600 8E1 the same read is more than ten times slower
    CHECK(wire_limit_per_second({9600, 8, 'E', 1}, request, reply, 0ns) ==
          doctest::Approx(1000.0 / (24.0625 + 2 * 4.0104)).epsilon(1e-4));
}

TEST_CASE("derived timeouts: the longest transaction the map allows, plus the host's margin") {
    LinkConfig c;
    REQUIRE_FALSE(parse_link_spec("rtu:/dev/ttyUSB0:115200:8N1", c));
    c.max_read_registers = 16;
    c.max_write_registers = 16;
    // a 16-register write (41 + 8 bytes) outlasts a 16-register read (8 + 37)
    CHECK(ms(longest_round_trip(c)) == doctest::Approx(49 * 10 / 115.2 + 1.75).epsilon(1e-4));
    auto t = effective_timeouts(c);
    CHECK(t.response == 107ms); // ceil(6.003 + 100)
    CHECK(t.byte == 51ms);      // ceil(0.75 + 50)

    // a 125-register FIFO block at 9600: the old fixed 100 ms could never have carried it
    LinkConfig plate;
    REQUIRE_FALSE(parse_link_spec("rtu:/dev/ttyUSB1:9600:8N1", plate));
    plate.max_read_registers = 125;
    plate.max_write_registers = 1;
    plate.reply_delay = 2000us;
    t = effective_timeouts(plate);
    CHECK(t.response == 380ms); // 263 chars 273.96 + t3.5 3.65 + 2 + 100
    CHECK(t.byte == 52ms);      // ceil(1.5625 + 50)

    // explicit values win; TCP has no wire, only the margins
    plate.response_timeout = 250ms;
    CHECK(effective_timeouts(plate).response == 250ms);
    CHECK(effective_timeouts(plate).byte == 52ms);
    LinkConfig tcp;
    CHECK(effective_timeouts(tcp).response == kResponseMargin);
    CHECK(effective_timeouts(tcp).byte == kTcpByteTimeout);
}
