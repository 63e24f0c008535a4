// The simulator's model of its end of an RS-485 line: wire times from pty arrivals.
#include "hw/sim/rtu_wire.hpp"

#include <doctest/doctest.h>

using namespace tg::sim;
using namespace std::chrono_literals;

namespace {

const tg::modbus::SerialFormat k9600{9600, 8, 'N', 1}; // 1.0417 ms a character

} // namespace

TEST_CASE("bytes handed over at once cross the wire one character time each") {
    RtuWire wire(k9600);
    const auto t0 = RtuWire::Clock::now();
    CHECK(wire.receive(t0, 8, false) == RtuWire::Arrival::InFrame);
    CHECK(wire.received_until() - t0 == 8'333'333ns);
    // the frame ends t3.5 (3.5 characters) after its last character
    CHECK(wire.frame_end() - wire.received_until() == 3'645'833ns);
    // more bytes handed over before the wire is free queue behind the first ones
    CHECK(wire.receive(t0 + 1ms, 2, true) == RtuWire::Arrival::InFrame);
    CHECK(wire.received_until() - t0 == 10'416'666ns);
}

TEST_CASE("a gap of more than t1.5 inside a frame breaks it; a gap before a new frame does not") {
    RtuWire wire(k9600);
    const auto t0 = RtuWire::Clock::now();
    wire.receive(t0, 4, false);
    const auto end = wire.received_until();
    CHECK(wire.receive(end + 1ms, 4, true) == RtuWire::Arrival::InFrame); // < t1.5 = 1.56 ms
    CHECK(wire.receive(wire.received_until() + 2ms, 4, true) == RtuWire::Arrival::Gap);
    CHECK(wire.receive(wire.received_until() + 50ms, 8, false) == RtuWire::Arrival::InFrame);
}

TEST_CASE("the master speaking while the device talks is a collision") {
    RtuWire wire(k9600);
    const auto t0 = RtuWire::Clock::now();
    wire.receive(t0, 8, false);
    const auto start = wire.talk(wire.frame_end(), 37);
    CHECK(start == wire.frame_end());
    CHECK(wire.talking_until() - start == 38'541'666ns); // 37 characters
    CHECK(wire.character_sent(start, 0) - start == 1'041'666ns);
    CHECK(wire.character_sent(start, 36) == wire.talking_until());
    CHECK(wire.receive(start + 10ms, 8, false) == RtuWire::Arrival::Collision);
    // bytes that end just before the reply starts, or come after it, do not collide
    RtuWire quiet(k9600);
    quiet.receive(t0, 8, false);
    const auto s2 = quiet.talk(t0 + 100ms, 5);
    CHECK(quiet.receive(s2 - 9ms, 8, false) == RtuWire::Arrival::InFrame);
    CHECK(quiet.receive(quiet.talking_until() + 1us, 8, false) == RtuWire::Arrival::InFrame);
    // a second reply waits for the first one to end: one speaker at a time
    const auto s3 = quiet.talk(t0, 5);
    CHECK(s3 >= s2 + 5 * 1'041'666ns);
}
