#include "hw/sim/sim_link_guard.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <netdb.h>
#include <netinet/in.h>
#include <span>

namespace tg::sim {
namespace {

bool is_loopback(const sockaddr* a) {
    if (a->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(a);
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    if (a->sa_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(a);
        return IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
    }
    return false;
}

// Every address the host name resolves to must be loopback: libmodbus connects to the
// first one that answers, and any of them could be a remote drive.
bool resolves_only_to_loopback(const std::string& host) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &list) != 0) return false;
    bool all = list != nullptr;
    for (const addrinfo* p = list; p != nullptr; p = p->ai_next)
        all = all && is_loopback(p->ai_addr);
    freeaddrinfo(list);
    return all;
}

} // namespace

std::optional<std::string> refuse_link_spec(const modbus::LinkConfig& link) {
    if (link.transport != modbus::Transport::Tcp)
        return "only a Modbus TCP link to treadguard-sim on this machine is allowed (got " +
               link.describe() + "); use treadguard-controller to drive a real treadmill";
    if (!resolves_only_to_loopback(link.host))
        return "host " + link.host +
               " is not this machine (loopback); treadguard-bench-demo drives treadguard-sim "
               "only";
    return std::nullopt;
}

std::optional<std::string> refuse_device(modbus::ModbusLink& link, const devicemap::DriveMap& map) {
    if (!map.identity_register || map.simulation.identity_value == 0)
        return "the drive map has no [identity] register or [simulation] identity_value, so "
               "treadguard-sim cannot be told apart from a real drive";
    std::uint16_t identity = 0;
    auto status = link.read_holding(*map.identity_register, std::span(&identity, 1));
    if (!status.ok()) return "cannot read the identity register: " + status.error().text;
    if (identity != map.simulation.identity_value) {
        char text[160];
        std::snprintf(text, sizeof text,
                      "identity register 0x%04X reads 0x%04X, not treadguard-sim's 0x%04X: "
                      "refusing to drive what may be a real drive",
                      *map.identity_register, identity, map.simulation.identity_value);
        return std::string(text);
    }
    return std::nullopt;
}

} // namespace tg::sim
