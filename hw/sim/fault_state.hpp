#pragma once
// Link faults the bench injects on demand, to prove the controller's reactions.
#include <cstdint>

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

    bool any() const {
        return refuse || drop || silent || delay_ms > 0 || exception != 0 || corrupt_crc ||
               write_exception != 0 || drop_after_reply;
    }
};

} // namespace tg::sim
