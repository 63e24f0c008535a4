#include "hw/sim/virtual_bench.hpp"

#include "hw/sim/pdu_handler.hpp"

namespace tg::sim {
namespace {

// Overwrites the garbled register in a read reply that covers it.
void garble_reply(const FaultState::Garble& g, std::span<const std::uint8_t> pdu,
                  std::vector<std::uint8_t>& reply) {
    if (pdu.size() != 5 || (pdu[0] != 3 && pdu[0] != 4) || reply.empty() || reply[0] != pdu[0])
        return;
    const int start = (pdu[1] << 8) | pdu[2];
    const int count = (pdu[3] << 8) | pdu[4];
    const int i = g.address - start;
    if (i < 0 || i >= count || reply.size() < 2u + 2u * static_cast<unsigned>(count)) return;
    reply[2 + 2 * static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(g.value >> 8);
    reply[3 + 2 * static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(g.value & 0xFF);
}

} // namespace

void VirtualBench::add_unit(int unit, std::unique_ptr<SimDevice> device) {
    units_[unit] = std::move(device);
}

SimDevice* VirtualBench::unit(int id) {
    auto it = units_.find(id);
    return it == units_.end() ? nullptr : it->second.get();
}

Outcome VirtualBench::dispatch(int unit, std::span<const std::uint8_t> pdu, Via via,
                               Clock::time_point now) {
    (via == Via::Tcp ? requests_tcp_ : requests_rtu_)++;
    Outcome out;
    out.delay_ms = faults.delay_ms;
    out.corrupt_crc = faults.corrupt_crc && via == Via::Rtu;
    out.close_after = faults.drop_after_reply && via == Via::Tcp;
    if (faults.drop) {
        out.kind = Outcome::Kind::Drop;
        return out;
    }
    if (faults.silent || pdu.empty()) return out;

    if (unit == 0 && via == Via::Rtu) { // broadcast: every device acts, none answers
        std::vector<std::uint8_t> ignored;
        for (auto& [id, device] : units_)
            handle_pdu(*device, pdu, ignored, now);
        return out;
    }
    SimDevice* device = this->unit(unit);
    if (device == nullptr) {
        // On a serial bus another device might own this address: stay silent.
        // Over TCP the bench acts as a gateway and says the target did not answer.
        if (via == Via::Rtu) return out;
        exception_pdu(pdu[0], exception_code::kGatewayTargetFailed, out.pdu);
        out.kind = Outcome::Kind::Reply;
        return out;
    }
    if (!device->answers(now)) return out;
    const bool is_write = pdu[0] == 6 || pdu[0] == 16;
    const std::uint8_t exception =
        faults.exception != 0 ? faults.exception : (is_write ? faults.write_exception : 0);
    if (exception != 0) {
        device->note_request(now);
        exception_pdu(pdu[0], exception, out.pdu);
        out.kind = Outcome::Kind::Reply;
        return out;
    }
    if (handle_pdu(*device, pdu, out.pdu, now)) out.kind = Outcome::Kind::Reply;
    if (faults.garble) garble_reply(*faults.garble, pdu, out.pdu);
    return out;
}

void VirtualBench::advance(Clock::time_point now) {
    for (auto& [id, device] : units_)
        device->advance(now);
}

std::string VirtualBench::status_line() const {
    std::string line;
    for (const auto& [id, device] : units_) {
        line += "[" + std::to_string(id) + "] " + device->status_line() + "  ";
    }
    line +=
        "requests tcp " + std::to_string(requests_tcp_) + " rtu " + std::to_string(requests_rtu_);
    if (bad_frames_ != 0) line += " bad-frames " + std::to_string(bad_frames_);
    if (faults.any()) line += "  FAULTS INJECTED";
    return line;
}

nlohmann::json VirtualBench::status_json() const {
    nlohmann::json units = nlohmann::json::object();
    for (const auto& [id, device] : units_)
        units[std::to_string(id)] = device->status_json();
    return {{"units", units},
            {"requests", {{"tcp", requests_tcp_}, {"rtu", requests_rtu_}}},
            {"bad_frames", bad_frames_},
            {"faults",
             {{"refuse", faults.refuse},
              {"drop", faults.drop},
              {"silent", faults.silent},
              {"delay_ms", faults.delay_ms},
              {"exception", faults.exception},
              {"corrupt_crc", faults.corrupt_crc},
              {"write_exception", faults.write_exception},
              {"drop_after_reply", faults.drop_after_reply},
              {"garble", faults.garble ? nlohmann::json{{"register", faults.garble->address},
                                                        {"value", faults.garble->value}}
                                       : nlohmann::json(nullptr)}}}};
}

} // namespace tg::sim
