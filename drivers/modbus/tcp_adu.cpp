#include "drivers/modbus/tcp_adu.hpp"

#include <modbus.h>

namespace tg::modbus {
namespace {

constexpr std::size_t kHeader = 7;

void put16(std::vector<std::uint8_t>& b, int v) {
    b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFF));
    b.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

int get16(std::span<const std::uint8_t> b, std::size_t at) {
    return (b[at] << 8) | b[at + 1];
}

bool is_read(std::uint8_t function) {
    return function == 0x03 || function == 0x04;
}

// The header must echo ours: same transaction, protocol 0, our unit, and a length that
// matches what arrived (so nothing of another reply is taken with this one).
bool header_matches(const TcpRequest& req, std::span<const std::uint8_t> rsp) {
    return get16(rsp, 0) == req.transaction_id && get16(rsp, 2) == 0 &&
           static_cast<std::size_t>(get16(rsp, 4)) == rsp.size() - 6 && rsp[6] == req.unit_id;
}

int check_exception(const TcpRequest& req, std::span<const std::uint8_t> rsp) {
    if (rsp.size() != kHeader + 2 || rsp[7] != (req.function | 0x80)) return EMBBADEXC;
    const int code = rsp[8];
    return code > 0 && code < MODBUS_EXCEPTION_MAX ? MODBUS_ENOBASE + code : EMBBADEXC;
}

} // namespace

std::vector<std::uint8_t> build_tcp_request(const TcpRequest& req) {
    std::vector<std::uint8_t> b;
    put16(b, req.transaction_id);
    put16(b, 0); // protocol id: Modbus
    put16(b, 0); // length, patched below
    b.push_back(req.unit_id);
    b.push_back(req.function);
    put16(b, req.address);
    if (req.function == 0x06) {
        put16(b, req.data[0]);
    } else {
        put16(b, req.count);
    }
    if (req.function == 0x10) {
        b.push_back(static_cast<std::uint8_t>(2 * req.count));
        for (int i = 0; i < req.count; ++i)
            put16(b, req.data[i]);
    }
    const auto length = static_cast<int>(b.size() - 6);
    b[4] = static_cast<std::uint8_t>(length >> 8);
    b[5] = static_cast<std::uint8_t>(length & 0xFF);
    return b;
}

int check_tcp_reply(const TcpRequest& req, std::span<const std::uint8_t> rsp, std::uint16_t* out) {
    if (rsp.size() < kHeader + 2 || !header_matches(req, rsp)) return EMBBADDATA;
    if (rsp[7] & 0x80) return check_exception(req, rsp);
    if (rsp[7] != req.function) return EMBBADDATA;
    if (is_read(req.function)) {
        const auto bytes = static_cast<std::size_t>(2 * req.count);
        if (rsp[8] != bytes || rsp.size() != kHeader + 2 + bytes) return EMBBADDATA;
        for (int i = 0; i < req.count; ++i)
            out[i] = static_cast<std::uint16_t>(get16(rsp, 9 + 2 * static_cast<std::size_t>(i)));
        return 0;
    }
    // Writes echo the address and the value (06) or the count (16).
    if (rsp.size() != kHeader + 5 || get16(rsp, 8) != req.address) return EMBBADDATA;
    const int echoed = req.function == 0x06 ? req.data[0] : req.count;
    return get16(rsp, 10) == echoed ? 0 : EMBBADDATA;
}

} // namespace tg::modbus
