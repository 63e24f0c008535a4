#pragma once
// LineTransport over a non-blocking Unix stream socket: pump() reads and writes only
// what the kernel accepts right now, so the render loop never waits on the controller.
#include "hmi/api/line_framer.hpp"
#include "hmi/api/line_transport.hpp"

#include <string>

namespace tg::hmi {

class UnixLineSocket final : public LineTransport {
public:
    explicit UnixLineSocket(std::string path) : path_(std::move(path)) {}
    ~UnixLineSocket() override;
    UnixLineSocket(const UnixLineSocket&) = delete;
    UnixLineSocket& operator=(const UnixLineSocket&) = delete;

    bool open(std::string& error) override;
    void send_line(const std::string& line) override;
    bool pump(std::vector<std::string>& received, std::string& error) override;
    void close() override;

    const std::string& path() const { return path_; }

private:
    bool flush(std::string& error);
    bool drain(std::vector<std::string>& received, std::string& error);

    std::string path_;
    int fd_ = -1;
    std::string outgoing_;
    LineFramer framer_;
};

} // namespace tg::hmi
