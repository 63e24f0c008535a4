#include "drivers/modbus/errno_classification.hpp"

#include <cerrno>
#include <modbus.h>

namespace tg::modbus {

LinkErrorKind classify_errno(int err_no) {
    if (err_no > MODBUS_ENOBASE && err_no <= EMBXGTAR) return LinkErrorKind::Exception;
    switch (err_no) {
    case ETIMEDOUT:
        return LinkErrorKind::Timeout;
    case EMBBADCRC:
        return LinkErrorKind::BadCrc;
    case EMBBADDATA:
    case EMBBADEXC:
    case EMBUNKEXC:
    case EMBMDATA:
    case EMBBADSLAVE:
        return LinkErrorKind::BadReply;
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE:
    case ENOTCONN:
    case EBADF:
    case EIO:
        return LinkErrorKind::ConnectionLost;
    case EINVAL:
        return LinkErrorKind::InvalidArgument;
    default:
        return LinkErrorKind::Io;
    }
}

bool needs_reconnect(LinkErrorKind kind) {
    return kind == LinkErrorKind::ConnectionLost || kind == LinkErrorKind::Io;
}

bool needs_flush(LinkErrorKind kind) {
    return kind == LinkErrorKind::Timeout || kind == LinkErrorKind::BadReply ||
           kind == LinkErrorKind::BadCrc;
}

} // namespace tg::modbus
