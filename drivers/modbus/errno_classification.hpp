#pragma once
// Maps the errno that libmodbus leaves behind to what it means for the link.
#include "drivers/modbus/link_error.hpp"

namespace tg::modbus {

LinkErrorKind classify_errno(int err_no);
// Whether the connection must be closed and re-opened after this kind of error.
bool needs_reconnect(LinkErrorKind kind);
// Whether stale bytes may be in flight (a late reply) and must be flushed.
bool needs_flush(LinkErrorKind kind);

} // namespace tg::modbus
