#include "hw/sim/crc16.hpp"
#include "hw/sim/rtu_framer.hpp"

#include <doctest/doctest.h>
#include <vector>

using namespace tg::sim;

TEST_CASE("CRC-16/Modbus of a known frame") {
    const std::uint8_t req[] = {0x01, 0x03, 0x00, 0x00, 0x00, 0x01};
    CHECK(modbus_crc16(req) == 0x0A84); // sent as 84 0A
}

TEST_CASE("the framer cuts requests by function code and drops bad CRCs") {
    RtuFramer f;
    const std::vector<std::uint8_t> read = {0x01, 0x03, 0x21, 0x00, 0x00, 0x04};
    auto with_crc = [](std::vector<std::uint8_t> v) {
        auto crc = modbus_crc16(v);
        v.push_back(static_cast<std::uint8_t>(crc & 0xFF));
        v.push_back(static_cast<std::uint8_t>(crc >> 8));
        return v;
    };
    auto a = with_crc(read);
    auto b = with_crc({0x02, 0x10, 0x00, 0x00, 0x00, 0x02, 0x04, 0, 1, 0, 2});
    std::vector<std::uint8_t> stream = a;
    stream.insert(stream.end(), b.begin(), b.end());
    // arrives in awkward pieces
    f.feed(stream.data(), 3);
    CHECK_FALSE(f.next());
    f.feed(stream.data() + 3, stream.size() - 3);
    auto first = f.next();
    REQUIRE(first);
    CHECK(first->unit == 1);
    CHECK(first->pdu == std::vector<std::uint8_t>{0x03, 0x21, 0x00, 0x00, 0x04});
    auto second = f.next();
    REQUIRE(second);
    CHECK(second->unit == 2);
    CHECK(second->pdu.size() == 10);
    CHECK(f.empty());

    auto bad = a;
    bad.back() ^= 0xFF;
    f.feed(bad.data(), bad.size());
    CHECK_FALSE(f.next());
    CHECK(f.bad_frames() == 1);
    // after the garbage, the next good frame is read
    f.feed(a.data(), a.size());
    CHECK(f.next());
}

TEST_CASE("an unknown function waits for the line to go quiet, then is discarded") {
    RtuFramer f;
    const std::uint8_t odd[] = {0x01, 0x2B, 0x0E, 0x01, 0x00};
    f.feed(odd, sizeof odd);
    CHECK_FALSE(f.next());
    CHECK_FALSE(f.empty());
    f.silence();
    CHECK(f.empty());
    CHECK(f.bad_frames() == 1);
}
