#include "hw/sim/pdu_handler.hpp"

#include <array>

namespace tg::sim {
namespace {

std::uint16_t be16(std::span<const std::uint8_t> bytes, std::size_t at) {
    return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

bool read_registers(SimDevice& device, std::span<const std::uint8_t> req,
                    std::vector<std::uint8_t>& response, Clock::time_point now) {
    if (req.size() != 5) return false;
    const std::uint8_t function = req[0];
    const std::uint16_t address = be16(req, 1);
    const std::uint16_t count = be16(req, 3);
    if (count < 1 || count > 125 || count > device.max_read_registers()) {
        exception_pdu(function, exception_code::kIllegalDataValue, response);
        return true;
    }
    if (address + count > 0x10000) {
        exception_pdu(function, exception_code::kIllegalDataAddress, response);
        return true;
    }
    std::array<std::uint16_t, 125> values{};
    std::span<std::uint16_t> out(values.data(), count);
    const std::uint8_t code = function == 3 ? device.read_holding(address, out, now)
                                            : device.read_input(address, out, now);
    if (code != 0) {
        exception_pdu(function, code, response);
        return true;
    }
    response.push_back(function);
    response.push_back(static_cast<std::uint8_t>(count * 2));
    for (auto v : out)
        put16(response, v);
    return true;
}

bool write_single(SimDevice& device, std::span<const std::uint8_t> req,
                  std::vector<std::uint8_t>& response, Clock::time_point now) {
    if (req.size() != 5) return false;
    const std::uint16_t value = be16(req, 3);
    const std::uint8_t code = device.write(be16(req, 1), std::span(&value, 1), now);
    if (code != 0) {
        exception_pdu(req[0], code, response);
        return true;
    }
    response.insert(response.end(), req.begin(), req.end()); // echo
    return true;
}

bool write_multiple(SimDevice& device, std::span<const std::uint8_t> req,
                    std::vector<std::uint8_t>& response, Clock::time_point now) {
    if (req.size() < 6) return false;
    const std::uint16_t address = be16(req, 1);
    const std::uint16_t count = be16(req, 3);
    const std::uint8_t bytes = req[5];
    if (count < 1 || count > 123 || bytes != count * 2 || req.size() != 6u + bytes) {
        exception_pdu(req[0], exception_code::kIllegalDataValue, response);
        return true;
    }
    std::array<std::uint16_t, 123> values{};
    for (std::size_t i = 0; i < count; ++i)
        values[i] = be16(req, 6 + 2 * i);
    const std::uint8_t code = device.write(address, std::span(values.data(), count), now);
    if (code != 0) {
        exception_pdu(req[0], code, response);
        return true;
    }
    response.insert(response.end(), req.begin(), req.begin() + 5); // function, address, count
    return true;
}

} // namespace

void exception_pdu(std::uint8_t function, std::uint8_t code, std::vector<std::uint8_t>& response) {
    response.push_back(static_cast<std::uint8_t>(function | 0x80));
    response.push_back(code);
}

bool handle_pdu(SimDevice& device, std::span<const std::uint8_t> request,
                std::vector<std::uint8_t>& response, Clock::time_point now) {
    if (request.empty()) return false;
    const std::uint8_t function = request[0];
    device.advance(now);
    if (!device.accepts_function(function)) {
        exception_pdu(function, exception_code::kIllegalFunction, response);
        return true;
    }
    device.note_request(now);
    switch (function) {
    case 3:
    case 4:
        return read_registers(device, request, response, now);
    case 6:
        return write_single(device, request, response, now);
    case 16:
        return write_multiple(device, request, response, now);
    default:
        exception_pdu(function, exception_code::kIllegalFunction, response);
        return true;
    }
}

} // namespace tg::sim
