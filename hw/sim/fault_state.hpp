#pragma once
// Link faults the bench injects on demand, to prove the controller's reactions.
#include <cstdint>
#include <optional>

namespace tg::sim {

struct FaultState {
    bool refuse = false;        // TCP: stop listening, so connects are refused
    bool drop = false;          // close the connection on every request instead of answering
    bool silent = false;        // receive requests but never answer (a dead device)
    int delay_ms = 0;           // answer every request this late
    std::uint8_t exception = 0; // answer every request with this Modbus exception code
    bool corrupt_crc = false;   // RTU: send replies with a wrong CRC
    // A drive that stops taking writes: only writes (06, 16) get this exception; reads
    // keep working, so a master that only reads still looks alive to the drive.
    std::uint8_t write_exception = 0;
    bool drop_after_reply = false; // TCP: answer each request, then close the connection
    // A device that answers with a value no real one would send: every read covering this
    // register returns `value` there (e.g. an output frequency of 655.35 Hz).
    struct Garble {
        std::uint16_t address = 0;
        std::uint16_t value = 0;
    };
    std::optional<Garble> garble;

    bool any() const {
        return refuse || drop || silent || delay_ms > 0 || exception != 0 || corrupt_crc ||
               write_exception != 0 || drop_after_reply || garble.has_value();
    }
};

} // namespace tg::sim
