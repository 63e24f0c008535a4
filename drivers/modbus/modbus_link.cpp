#include "drivers/modbus/modbus_link.hpp"

#include "drivers/modbus/errno_classification.hpp"
#include "drivers/modbus/link_timeouts.hpp"
#include "drivers/modbus/rtu_timing.hpp"
#include "drivers/modbus/tcp_adu.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <modbus.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace tg::modbus {
namespace {

using Clock = std::chrono::steady_clock;

void set_timeout(modbus_t* ctx, std::chrono::milliseconds t,
                 int (*setter)(modbus_t*, uint32_t, uint32_t)) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t).count();
    setter(ctx, static_cast<uint32_t>(us / 1000000), static_cast<uint32_t>(us % 1000000));
}

std::uint8_t function_code(int op) {
    static constexpr std::array<std::uint8_t, 4> codes{0x03, 0x04, 0x06, 0x10};
    return codes[static_cast<std::size_t>(op)];
}

// Writes the whole buffer; a short send on a blocking-less socket is retried.
bool send_all(int fd, const std::vector<std::uint8_t>& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd, POLLOUT, 0};
            if (poll(&p, 1, 1000) > 0) continue;
            errno = ETIMEDOUT;
            return false;
        }
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

const char* op_name(int op) {
    switch (op) {
    case 0:
        return "read holding registers (03)";
    case 1:
        return "read input registers (04)";
    case 2:
        return "write register (06)";
    default:
        return "write registers (16)";
    }
}

} // namespace

ModbusLink::ModbusLink(LinkConfig config)
    : config_(std::move(config)), backoff_(config_.backoff_min, config_.backoff_max) {}

ModbusLink::~ModbusLink() {
    close();
    if (ctx_ != nullptr) modbus_free(ctx_);
}

ModbusLink::ModbusLink(ModbusLink&& other) noexcept
    : config_(std::move(other.config_)), ctx_(std::exchange(other.ctx_, nullptr)),
      connected_(std::exchange(other.connected_, false)),
      drain_before_next_(other.drain_before_next_), auto_reconnect_(other.auto_reconnect_),
      next_request_at_(other.next_request_at_), backoff_(other.backoff_), stats_(other.stats_) {}

ModbusLink& ModbusLink::operator=(ModbusLink&& other) noexcept {
    if (this != &other) {
        close();
        if (ctx_ != nullptr) modbus_free(ctx_);
        config_ = std::move(other.config_);
        ctx_ = std::exchange(other.ctx_, nullptr);
        connected_ = std::exchange(other.connected_, false);
        drain_before_next_ = other.drain_before_next_;
        auto_reconnect_ = other.auto_reconnect_;
        next_request_at_ = other.next_request_at_;
        backoff_ = other.backoff_;
        stats_ = other.stats_;
    }
    return *this;
}

LinkError ModbusLink::fail(LinkErrorKind kind, int err_no, const char* what, int address) {
    std::string text = config_.describe() + ": " + what;
    if (address >= 0) text += " at " + std::to_string(address);
    text += ": ";
    text += err_no != 0 ? modbus_strerror(err_no) : std::string(to_string(kind));
    int exception_code = kind == LinkErrorKind::Exception ? err_no - MODBUS_ENOBASE : 0;
    return LinkError{kind, err_no, exception_code, std::move(text)};
}

LinkError ModbusLink::failure_from_errno(const char* what, int address) {
    const int err_no = errno;
    return fail(classify_errno(err_no), err_no, what, address);
}

LinkStatus ModbusLink::open_context() {
    if (ctx_ == nullptr) {
        if (config_.transport == Transport::Tcp) {
            ctx_ = modbus_new_tcp_pi(config_.host.c_str(), std::to_string(config_.port).c_str());
        } else {
            ctx_ = modbus_new_rtu(config_.device.c_str(), config_.baud, config_.parity,
                                  config_.data_bits, config_.stop_bits);
        }
        if (ctx_ == nullptr) return failure_from_errno("create context", -1);
    }
    if (modbus_set_slave(ctx_, config_.unit_id) != 0) return failure_from_errno("set unit id", -1);
    const LinkTimeouts timeouts = effective_timeouts(config_);
    set_timeout(ctx_, timeouts.response, modbus_set_response_timeout);
    set_timeout(ctx_, timeouts.byte, modbus_set_byte_timeout);
    if (modbus_connect(ctx_) != 0) {
        const int err_no = errno;
        return fail(LinkErrorKind::ConnectFailed, err_no, "connect", -1);
    }
    if (config_.transport == Transport::Rtu && config_.rs485 &&
        modbus_rtu_set_serial_mode(ctx_, MODBUS_RTU_RS485) != 0) {
        const int err_no = errno;
        modbus_close(ctx_);
        return fail(LinkErrorKind::ConnectFailed, err_no,
                    "enable RS-485 mode (not supported by this port; leave rs485 off)", -1);
    }
    return Done{};
}

LinkStatus ModbusLink::connect() {
    auto result = open_context();
    connected_ = result.ok();
    if (connected_) {
        backoff_.on_success();
    } else {
        backoff_.on_failure(Clock::now());
    }
    return result;
}

void ModbusLink::close() {
    if (ctx_ != nullptr && connected_) modbus_close(ctx_);
    connected_ = false;
}

LinkStatus ModbusLink::ensure_connected() {
    if (connected_) return Done{};
    if (!auto_reconnect_) {
        LinkError e = fail(LinkErrorKind::Disconnected, 0, "link closed (reconnect pending)", -1);
        stats_.record_error(e.kind);
        return e;
    }
    return reconnect();
}

LinkStatus ModbusLink::reconnect() {
    if (connected_) return Done{};
    if (!backoff_.may_attempt(Clock::now())) {
        LinkError e = fail(LinkErrorKind::Disconnected, 0, "waiting to reconnect", -1);
        stats_.record_error(e.kind);
        return e;
    }
    stats_.record_reconnect();
    auto result = connect();
    if (!result.ok()) stats_.record_error(result.error().kind);
    return result;
}

LinkStatus ModbusLink::transfer(Op op, int address, std::uint16_t* data, int count) {
    if (auto status = ensure_connected(); !status.ok()) return status;
    if (drain_before_next_) drain_line();
    // The unit id can change between requests on a shared bus.
    modbus_set_slave(ctx_, config_.unit_id);
    if (Clock::now() < next_request_at_) std::this_thread::sleep_until(next_request_at_);
    const auto start = Clock::now();
    int rc = -1;
    if (config_.transport == Transport::Tcp) {
        rc = tcp_transaction(op, address, data, count);
    } else {
        switch (op) {
        case Op::ReadHolding:
            rc = modbus_read_registers(ctx_, address, count, data);
            break;
        case Op::ReadInput:
            rc = modbus_read_input_registers(ctx_, address, count, data);
            break;
        case Op::WriteSingle:
            rc = modbus_write_register(ctx_, address, data[0]);
            break;
        case Op::WriteMultiple:
            rc = modbus_write_registers(ctx_, address, count, data);
            break;
        }
    }
    // RTU: the line stays silent for t3.5 after a reply before the next request may start.
    auto gap = std::chrono::duration_cast<Clock::duration>(config_.min_request_gap);
    if (config_.transport == Transport::Rtu)
        gap = std::max(gap,
                       std::chrono::duration_cast<Clock::duration>(t3_5(serial_format(config_))));
    next_request_at_ = Clock::now() + gap;
    if (rc >= 0) {
        stats_.record_success(Clock::now() - start);
        return Done{};
    }
    LinkError error = failure_from_errno(op_name(static_cast<int>(op)), address);
    stats_.record_error(error.kind);
    if (needs_reconnect(error.kind)) {
        close();
        backoff_.on_lost(Clock::now());
    } else if (needs_flush(error.kind)) {
        resynchronise();
    }
    return error;
}

// libmodbus 3.1.6 checks a TCP reply's transaction id but not its unit id, and lets any
// protocol id below 0x100 through; so over TCP we frame the request and judge the reply
// ourselves, and libmodbus only reads one whole reply ADU within the response timeout.
int ModbusLink::tcp_transaction(Op op, int address, std::uint16_t* data, int count) {
    TcpRequest request;
    request.transaction_id = next_transaction_id_++;
    request.unit_id = static_cast<std::uint8_t>(config_.unit_id);
    request.function = function_code(static_cast<int>(op));
    request.address = address;
    request.count = count;
    request.data = data;
    const bool read = op == Op::ReadHolding || op == Op::ReadInput;
    if (count < 1 || count > (read ? MODBUS_MAX_READ_REGISTERS : MODBUS_MAX_WRITE_REGISTERS)) {
        errno = EMBMDATA;
        return -1;
    }
    if (!send_all(modbus_get_socket(ctx_), build_tcp_request(request))) return -1;
    std::array<std::uint8_t, MODBUS_TCP_MAX_ADU_LENGTH> reply{};
    const int length = modbus_receive_confirmation(ctx_, reply.data());
    if (length < 0) return -1;
    // Read values land in a scratch buffer first: the caller's data is untouched unless
    // the whole reply is the answer to this request.
    std::array<std::uint16_t, MODBUS_MAX_READ_REGISTERS> values{};
    const int err = check_tcp_reply(
        request, std::span<const std::uint8_t>(reply.data(), static_cast<std::size_t>(length)),
        values.data());
    if (err != 0) {
        errno = err;
        return -1;
    }
    if (read) std::copy_n(values.begin(), count, data);
    return count;
}

// A reply that arrives after its timeout must never be taken as the answer to the next
// request. Over TCP a fresh connection guarantees that. RTU has no transaction id, so
// the line is drained until it has been quiet for a response timeout.
// The RTU drain happens before the next request, so the error itself is reported
// as soon as the timeout expires.
void ModbusLink::resynchronise() {
    if (config_.transport == Transport::Tcp) {
        close();
        backoff_.allow_now();
        return;
    }
    drain_before_next_ = true;
}

void ModbusLink::drain_line() {
    drain_before_next_ = false;
    const int fd = modbus_get_socket(ctx_);
    const auto response_timeout = effective_timeouts(config_).response;
    const auto quiet_ms = static_cast<int>(response_timeout.count());
    const auto give_up = Clock::now() + 3 * response_timeout;
    std::array<std::uint8_t, 256> discard{};
    while (fd >= 0 && Clock::now() < give_up) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, quiet_ms) <= 0) break;
        if (::read(fd, discard.data(), discard.size()) <= 0) break;
    }
}

void ModbusLink::hold_off(std::chrono::milliseconds quiet) {
    next_request_at_ = std::max(next_request_at_, Clock::now() + quiet);
}

LinkStatus ModbusLink::read_split(Op op, int address, std::span<std::uint16_t> out) {
    if (out.empty() || address < 0 || address + static_cast<long>(out.size()) > 65536) {
        return fail(LinkErrorKind::InvalidArgument, 0, op_name(static_cast<int>(op)), address);
    }
    const std::size_t chunk = static_cast<std::size_t>(config_.max_read_registers);
    for (std::size_t done = 0; done < out.size(); done += chunk) {
        const auto n = std::min(chunk, out.size() - done);
        auto status =
            transfer(op, address + static_cast<int>(done), out.data() + done, static_cast<int>(n));
        if (!status.ok()) return status;
    }
    return Done{};
}

LinkStatus ModbusLink::read_holding(int address, std::span<std::uint16_t> out) {
    return read_split(Op::ReadHolding, address, out);
}

LinkStatus ModbusLink::read_input(int address, std::span<std::uint16_t> out) {
    return read_split(Op::ReadInput, address, out);
}

LinkStatus ModbusLink::write_register(int address, std::uint16_t value) {
    if (address < 0 || address > 65535)
        return fail(LinkErrorKind::InvalidArgument, 0, op_name(2), address);
    const Op op = config_.allow_function_06 ? Op::WriteSingle : Op::WriteMultiple;
    return transfer(op, address, &value, 1);
}

LinkStatus ModbusLink::write_registers(int address, std::span<const std::uint16_t> values) {
    const auto n = static_cast<long>(values.size());
    if (n == 0 || n > config_.max_write_registers || address < 0 || address + n > 65536)
        return fail(LinkErrorKind::InvalidArgument, 0, op_name(3), address);
    // libmodbus takes a const pointer for writes; transfer() shares the read signature.
    return transfer(Op::WriteMultiple, address, const_cast<std::uint16_t*>(values.data()),
                    static_cast<int>(n));
}

} // namespace tg::modbus
