#pragma once
// What can go wrong on a Modbus link, as a value: the control loop never sees an
// exception from a link, it sees one of these and decides what it means for safety.
#include <cstdint>
#include <string>
#include <string_view>

namespace tg::modbus {

enum class LinkErrorKind : std::uint8_t {
    Timeout,        // no (complete) reply within the response/byte timeout
    Disconnected,   // not connected; a reconnect is pending its backoff delay
    ConnectFailed,  // the connect attempt itself failed (refused, no such device, ...)
    ConnectionLost, // the peer closed or reset the connection mid-request
    Exception,      // the device answered with a Modbus exception (see exception_code)
    BadCrc,         // RTU reply with a wrong CRC
    BadReply,       // a reply that does not match the request (length, function, unit, id)
    NotPermitted,   // refused locally: the device map forbids this request (e.g. function 06)
    InvalidArgument,
    Io, // any other operating-system error
};

inline constexpr int kLinkErrorKindCount = 10;

std::string_view to_string(LinkErrorKind kind);

struct LinkError {
    LinkErrorKind kind = LinkErrorKind::Io;
    int err_no = 0;         // errno as libmodbus left it (0 when the error is ours)
    int exception_code = 0; // Modbus exception code for kind == Exception
    std::string text;       // human-readable, includes what was being done
};

} // namespace tg::modbus
