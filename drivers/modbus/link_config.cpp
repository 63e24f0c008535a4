#include "drivers/modbus/link_config.hpp"

#include <charconv>

namespace tg::modbus {
namespace {

bool parse_int(std::string_view text, int& out) {
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc{} && ptr == end;
}

std::optional<LinkSpecError> parse_tcp(std::string_view rest, LinkConfig& cfg) {
    std::string_view host;
    std::string_view port;
    if (!rest.empty() && rest.front() == '[') { // [v6-address]:port
        auto close = rest.find(']');
        if (close == std::string_view::npos) return LinkSpecError{"unclosed '[' in IPv6 address"};
        host = rest.substr(1, close - 1);
        rest.remove_prefix(close + 1);
        if (!rest.empty() && rest.front() != ':')
            return LinkSpecError{"expected ':PORT' after ']'"};
        if (!rest.empty()) port = rest.substr(1);
    } else {
        auto colon = rest.rfind(':');
        host = rest.substr(0, colon);
        if (colon != std::string_view::npos) port = rest.substr(colon + 1);
    }
    if (host.empty()) return LinkSpecError{"missing host in tcp:HOST:PORT"};
    int port_number = cfg.port;
    if (!port.empty() && (!parse_int(port, port_number) || port_number < 1 || port_number > 65535))
        return LinkSpecError{"port must be a number from 1 to 65535, got '" + std::string(port) +
                             "'"};
    cfg.transport = Transport::Tcp;
    cfg.host = std::string(host);
    cfg.port = static_cast<std::uint16_t>(port_number);
    return std::nullopt;
}

std::optional<LinkSpecError> parse_frame_format(std::string_view f, LinkConfig& cfg) {
    // e.g. 8N1, 8E1, 8O2
    if (f.size() != 3 || (f[0] != '7' && f[0] != '8') || (f[2] != '1' && f[2] != '2'))
        return LinkSpecError{"frame format must look like 8N1, 8E1 or 8O2, got '" + std::string(f) +
                             "'"};
    char parity = f[1];
    if (parity != 'N' && parity != 'E' && parity != 'O')
        return LinkSpecError{"parity must be N, E or O"};
    cfg.data_bits = f[0] - '0';
    cfg.parity = parity;
    cfg.stop_bits = f[2] - '0';
    return std::nullopt;
}

std::optional<LinkSpecError> parse_rtu(std::string_view rest, LinkConfig& cfg) {
    auto colon = rest.find(':');
    std::string_view device = rest.substr(0, colon);
    if (device.empty()) return LinkSpecError{"missing device in rtu:DEVICE"};
    cfg.transport = Transport::Rtu;
    cfg.device = std::string(device);
    if (colon == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(colon + 1);
    auto colon2 = rest.find(':');
    std::string_view baud = rest.substr(0, colon2);
    int baud_rate = 0;
    if (!parse_int(baud, baud_rate) || baud_rate < 1200 || baud_rate > 4000000)
        return LinkSpecError{"baud rate must be a number from 1200 to 4000000, got '" +
                             std::string(baud) + "'"};
    cfg.baud = baud_rate;
    if (colon2 == std::string_view::npos) return std::nullopt;
    return parse_frame_format(rest.substr(colon2 + 1), cfg);
}

} // namespace

std::optional<LinkSpecError> parse_link_spec(std::string_view spec, LinkConfig& base) {
    if (spec.starts_with("tcp:")) return parse_tcp(spec.substr(4), base);
    if (spec.starts_with("rtu:")) return parse_rtu(spec.substr(4), base);
    return LinkSpecError{"link must start with 'tcp:' or 'rtu:', got '" + std::string(spec) + "'"};
}

std::string LinkConfig::describe() const {
    std::string unit = " unit " + std::to_string(unit_id);
    if (transport == Transport::Tcp) return "tcp:" + host + ":" + std::to_string(port) + unit;
    return "rtu:" + device + ":" + std::to_string(baud) + ":" + std::to_string(data_bits) + parity +
           std::to_string(stop_bits) + unit;
}

} // namespace tg::modbus
