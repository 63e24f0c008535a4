#pragma once
// A line-oriented, never-blocking connection: what the API client needs from a socket.
// Tests substitute a scripted transport.
#include <string>
#include <vector>

namespace tg::hmi {

class LineTransport {
public:
    virtual ~LineTransport() = default;
    // Starts a connection; false with `error` set when it cannot be made now.
    virtual bool open(std::string& error) = 0;
    // Queues one line (without '\n'); written by pump().
    virtual void send_line(const std::string& line) = 0;
    // Moves queued bytes out and received lines in without blocking. Returns false when
    // the connection is gone (error says why); the caller then closes and retries later.
    virtual bool pump(std::vector<std::string>& received, std::string& error) = 0;
    virtual void close() = 0;
};

} // namespace tg::hmi
