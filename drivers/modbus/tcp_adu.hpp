#pragma once
// Modbus TCP framing done by us rather than libmodbus: libmodbus 3.1.6 checks a reply's
// transaction id but accepts any protocol id whose high byte is 0 and never compares the
// unit id, so a reply meant for another unit or protocol could be taken as the answer.
// These functions are pure: they build a request ADU and judge a reply ADU against it.
#include <cstdint>
#include <span>
#include <vector>

namespace tg::modbus {

struct TcpRequest {
    std::uint16_t transaction_id = 0;
    std::uint8_t unit_id = 0;
    std::uint8_t function = 0; // 0x03, 0x04, 0x06 or 0x10
    int address = 0;
    int count = 0;                       // registers read or written
    const std::uint16_t* data = nullptr; // values to write (count of them), else unused
};

// The whole ADU: MBAP header (7 bytes) then the PDU.
std::vector<std::uint8_t> build_tcp_request(const TcpRequest& request);

// 0 when `reply` is the answer to `request` (register values, if any, are copied to
// `out`, which then holds request.count values); otherwise the errno libmodbus would use:
// EMBBADDATA for a header, function, length or echo mismatch, MODBUS_ENOBASE + code for a
// Modbus exception, EMBBADEXC for a malformed exception. `out` is untouched on failure.
int check_tcp_reply(const TcpRequest& request, std::span<const std::uint8_t> reply,
                    std::uint16_t* out);

} // namespace tg::modbus
