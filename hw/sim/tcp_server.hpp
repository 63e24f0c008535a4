#pragma once
// Modbus TCP server for the virtual bench: MBAP framing, one request at a time per
// connection (as Modbus TCP clients do), requests routed to the bench by unit id.
#include "hw/sim/virtual_bench.hpp"

#include <boost/asio.hpp>
#include <list>
#include <memory>
#include <string>

namespace tg::sim {

class TcpSession;

class TcpServer {
public:
    TcpServer(boost::asio::io_context& io, VirtualBench& bench, boost::asio::ip::tcp::endpoint at);
    ~TcpServer();

    boost::asio::ip::tcp::endpoint local_endpoint() const { return endpoint_; }
    // Refusing closes the listening socket, so clients get "connection refused".
    void set_refuse(bool refuse);
    void drop_all();
    void stop();

private:
    void open();
    void accept();

    boost::asio::io_context& io_;
    VirtualBench& bench_;
    boost::asio::ip::tcp::endpoint endpoint_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::list<std::weak_ptr<TcpSession>> sessions_;
};

} // namespace tg::sim
