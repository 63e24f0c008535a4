#include "drivers/modbus/link_error.hpp"

namespace tg::modbus {

std::string_view to_string(LinkErrorKind kind) {
    switch (kind) {
    case LinkErrorKind::Timeout:
        return "timeout";
    case LinkErrorKind::Disconnected:
        return "disconnected";
    case LinkErrorKind::ConnectFailed:
        return "connect-failed";
    case LinkErrorKind::ConnectionLost:
        return "connection-lost";
    case LinkErrorKind::Exception:
        return "exception";
    case LinkErrorKind::BadCrc:
        return "bad-crc";
    case LinkErrorKind::BadReply:
        return "bad-reply";
    case LinkErrorKind::NotPermitted:
        return "not-permitted";
    case LinkErrorKind::InvalidArgument:
        return "invalid-argument";
    case LinkErrorKind::Io:
        return "io";
    }
    return "unknown";
}

} // namespace tg::modbus
