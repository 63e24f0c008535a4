// The Modbus TCP framing ModbusLink uses instead of libmodbus's checks: every header field,
// the function, the length and the echo of a reply must match the request, or the reply is
// refused with the errno libmodbus would use, and nothing is copied out.
#include "drivers/modbus/tcp_adu.hpp"

#include <array>
#include <doctest/doctest.h>
#include <modbus.h>
#include <vector>

using namespace tg::modbus;

namespace {

TcpRequest read_request() {
    TcpRequest r;
    r.transaction_id = 0x1234;
    r.unit_id = 1;
    r.function = 0x03;
    r.address = 0x2101;
    r.count = 2;
    return r;
}

// A correct reply to read_request(): values 0x0003, 0x0BB8.
std::vector<std::uint8_t> good_read_reply() {
    return {0x12, 0x34, 0x00, 0x00, 0x00, 0x07, 0x01, 0x03, 0x04, 0x00, 0x03, 0x0B, 0xB8};
}

int check(const TcpRequest& req, const std::vector<std::uint8_t>& rsp,
          std::array<std::uint16_t, 2>& out) {
    out = {0xDEAD, 0xDEAD};
    return check_tcp_reply(req, rsp, out.data());
}

} // namespace

TEST_CASE("requests carry our transaction id, protocol 0, the unit and the right length") {
    CHECK(build_tcp_request(read_request()) ==
          std::vector<std::uint8_t>{0x12, 0x34, 0, 0, 0, 6, 1, 0x03, 0x21, 0x01, 0, 2});
    const std::uint16_t values[] = {0x0012, 3000};
    TcpRequest w = read_request();
    w.function = 0x10;
    w.address = 0x2000;
    w.data = values;
    CHECK(build_tcp_request(w) == std::vector<std::uint8_t>{0x12, 0x34, 0, 0, 0, 11, 1, 0x10, 0x20,
                                                            0, 0, 2, 4, 0, 0x12, 0x0B, 0xB8});
    w.function = 0x06;
    w.count = 1;
    CHECK(build_tcp_request(w) ==
          std::vector<std::uint8_t>{0x12, 0x34, 0, 0, 0, 6, 1, 0x06, 0x20, 0, 0, 0x12});
}

TEST_CASE("a matching read reply is accepted and its values copied") {
    std::array<std::uint16_t, 2> out{};
    REQUIRE(check(read_request(), good_read_reply(), out) == 0);
    CHECK(out[0] == 0x0003);
    CHECK(out[1] == 0x0BB8);
}

TEST_CASE("every mismatching header field, function or length is refused as bad data") {
    struct Case {
        const char* what;
        std::size_t at;
        std::uint8_t value;
    };
    const Case cases[] = {
        {"transaction id", 1, 0x35},
        {"protocol id low byte", 3, 0x01},
        {"protocol id high byte", 2, 0x01},
        {"length field", 5, 0x08},
        {"unit id", 6, 0x02},
        {"function", 7, 0x04},
        {"byte count", 8, 0x02},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        auto rsp = good_read_reply();
        rsp[c.at] = c.value;
        std::array<std::uint16_t, 2> out{};
        CHECK(check(read_request(), rsp, out) == EMBBADDATA);
        CHECK(out[0] == 0xDEAD);
    }
    std::array<std::uint16_t, 2> out{};
    auto short_reply = good_read_reply();
    short_reply.resize(8);
    CHECK(check(read_request(), short_reply, out) == EMBBADDATA);
}

TEST_CASE("exceptions: a well-formed one gives its code, a malformed one EMBBADEXC") {
    std::array<std::uint16_t, 2> out{};
    const std::vector<std::uint8_t> illegal_address{0x12, 0x34, 0, 0, 0, 3, 1, 0x83, 0x02};
    CHECK(check(read_request(), illegal_address, out) == MODBUS_ENOBASE + 2);
    const std::vector<std::uint8_t> other_function{0x12, 0x34, 0, 0, 0, 3, 1, 0x86, 0x02};
    CHECK(check(read_request(), other_function, out) == EMBBADEXC);
    const std::vector<std::uint8_t> unknown_code{0x12, 0x34, 0, 0, 0, 3, 1, 0x83, 0x7F};
    CHECK(check(read_request(), unknown_code, out) == EMBBADEXC);
}

TEST_CASE("write replies must echo the address and the value or count") {
    const std::uint16_t value = 0x0012;
    TcpRequest w = read_request();
    w.function = 0x06;
    w.address = 0x2000;
    w.count = 1;
    w.data = &value;
    std::array<std::uint16_t, 2> out{};
    CHECK(check(w, {0x12, 0x34, 0, 0, 0, 6, 1, 0x06, 0x20, 0, 0, 0x12}, out) == 0);
    CHECK(check(w, {0x12, 0x34, 0, 0, 0, 6, 1, 0x06, 0x20, 0, 0, 0x01}, out) == EMBBADDATA);
    CHECK(check(w, {0x12, 0x34, 0, 0, 0, 6, 1, 0x06, 0x20, 1, 0, 0x12}, out) == EMBBADDATA);
    w.function = 0x10;
    CHECK(check(w, {0x12, 0x34, 0, 0, 0, 6, 1, 0x10, 0x20, 0, 0, 1}, out) == 0);
    CHECK(check(w, {0x12, 0x34, 0, 0, 0, 6, 1, 0x10, 0x20, 0, 0, 2}, out) == EMBBADDATA);
}
