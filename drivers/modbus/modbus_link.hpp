#pragma once
// One Modbus link (a TCP connection or a serial bus) over libmodbus.
//
// A libmodbus context is not thread-safe: a ModbusLink belongs to exactly one thread
// (the driver thread of that link) and is never shared. Every failure comes back as a
// LinkError value; nothing here throws into the control loop. A lost connection is
// re-opened on the next request, no sooner than the backoff allows.
#include "drivers/modbus/link_config.hpp"
#include "drivers/modbus/link_result.hpp"
#include "drivers/modbus/link_stats.hpp"
#include "drivers/modbus/reconnect_backoff.hpp"

#include <chrono>
#include <cstdint>
#include <span>

struct _modbus; // libmodbus's context type (modbus_t)

namespace tg::modbus {

class ModbusLink {
public:
    explicit ModbusLink(LinkConfig config);
    ~ModbusLink();
    ModbusLink(const ModbusLink&) = delete;
    ModbusLink& operator=(const ModbusLink&) = delete;
    ModbusLink(ModbusLink&& other) noexcept;
    ModbusLink& operator=(ModbusLink&& other) noexcept;

    // Connects now, regardless of backoff (requests connect on their own when needed).
    LinkStatus connect();
    // Opens the link if it is closed, no sooner than the backoff allows.
    LinkStatus reconnect();
    void close();
    bool connected() const { return connected_; }
    // Off: a request on a closed link fails (Disconnected) instead of re-opening it, so the
    // owner decides what the first frame of a new connection is (a drive: stop).
    void set_auto_reconnect(bool on) { auto_reconnect_ = on; }

    // Unit id for the following requests (several devices may share one RTU bus).
    void set_unit_id(int unit_id) { config_.unit_id = unit_id; }

    // Function 03 / 04. Reads longer than the map's limit are split into several requests.
    LinkStatus read_holding(int address, std::span<std::uint16_t> out);
    LinkStatus read_input(int address, std::span<std::uint16_t> out);
    // Function 06, or 16 with one register when the device map forbids 06.
    LinkStatus write_register(int address, std::uint16_t value);
    // Function 16.
    LinkStatus write_registers(int address, std::span<const std::uint16_t> values);

    // The next request waits at least `quiet` from now (a device busy after a parameter
    // write or an apply command), on top of the configured minimum gap.
    void hold_off(std::chrono::milliseconds quiet);

    const LinkConfig& config() const { return config_; }
    const LinkStats& stats() const { return stats_; }

private:
    enum class Op : std::uint8_t { ReadHolding, ReadInput, WriteSingle, WriteMultiple };

    LinkStatus ensure_connected();
    LinkStatus open_context();
    LinkStatus transfer(Op op, int address, std::uint16_t* data, int count);
    // One request over TCP, framed and checked by us (tcp_adu.hpp); libmodbus's return
    // convention: >= 0 on success, -1 with errno set.
    int tcp_transaction(Op op, int address, std::uint16_t* data, int count);
    void resynchronise();
    void drain_line();
    LinkStatus read_split(Op op, int address, std::span<std::uint16_t> out);
    LinkError fail(LinkErrorKind kind, int err_no, const char* what, int address);
    LinkError failure_from_errno(const char* what, int address);

    LinkConfig config_;
    _modbus* ctx_ = nullptr;
    bool connected_ = false;
    bool drain_before_next_ = false;
    bool auto_reconnect_ = true;
    std::uint16_t next_transaction_id_ = 0;
    std::chrono::steady_clock::time_point next_request_at_{};
    ReconnectBackoff backoff_;
    LinkStats stats_;
};

} // namespace tg::modbus
