#include "hw/sim/tcp_server.hpp"

#include <array>
#include <iostream>

namespace tg::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

class TcpSession : public std::enable_shared_from_this<TcpSession> {
public:
    TcpSession(tcp::socket socket, VirtualBench& bench)
        : socket_(std::move(socket)), bench_(bench), timer_(socket_.get_executor()) {}

    void start() { read_header(); }
    void close() {
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        timer_.cancel();
    }

private:
    void read_header() {
        auto self = shared_from_this();
        asio::async_read(socket_, asio::buffer(header_),
                         [this, self](boost::system::error_code ec, std::size_t) {
                             if (ec) return;
                             const unsigned protocol = (header_[2] << 8) | header_[3];
                             const unsigned length = (header_[4] << 8) | header_[5];
                             // length counts the unit id and the PDU
                             if (protocol != 0 || length < 2 || length > 254) {
                                 bench_.note_bad_frame();
                                 close();
                                 return;
                             }
                             body_.resize(length - 1);
                             read_body();
                         });
    }

    void read_body() {
        auto self = shared_from_this();
        asio::async_read(socket_, asio::buffer(body_),
                         [this, self](boost::system::error_code ec, std::size_t) {
                             if (ec) return;
                             respond();
                         });
    }

    void respond() {
        Outcome outcome = bench_.dispatch(header_[6], body_, Via::Tcp, Clock::now());
        if (outcome.kind == Outcome::Kind::Drop) {
            close();
            return;
        }
        if (outcome.kind == Outcome::Kind::Silent) {
            read_header();
            return;
        }
        reply_.assign(header_.begin(), header_.end());
        const auto length = outcome.pdu.size() + 1;
        reply_[4] = static_cast<std::uint8_t>(length >> 8);
        reply_[5] = static_cast<std::uint8_t>(length & 0xFF);
        reply_.insert(reply_.end(), outcome.pdu.begin(), outcome.pdu.end());
        close_after_reply_ = outcome.close_after;
        if (outcome.delay_ms <= 0) {
            write_reply();
            return;
        }
        auto self = shared_from_this();
        timer_.expires_after(std::chrono::milliseconds(outcome.delay_ms));
        timer_.async_wait([this, self](boost::system::error_code ec) {
            if (!ec) write_reply();
        });
    }

    void write_reply() {
        auto self = shared_from_this();
        asio::async_write(socket_, asio::buffer(reply_),
                          [this, self](boost::system::error_code ec, std::size_t) {
                              if (ec) return;
                              if (close_after_reply_) {
                                  close();
                                  return;
                              }
                              read_header();
                          });
    }

    tcp::socket socket_;
    VirtualBench& bench_;
    asio::steady_timer timer_;
    std::array<std::uint8_t, 7> header_{};
    std::vector<std::uint8_t> body_;
    std::vector<std::uint8_t> reply_;
    bool close_after_reply_ = false;
};

TcpServer::TcpServer(asio::io_context& io, VirtualBench& bench, tcp::endpoint at)
    : io_(io), bench_(bench), endpoint_(at), acceptor_(io) {
    open();
    endpoint_ = acceptor_.local_endpoint(); // resolves port 0 to the port we got
}

TcpServer::~TcpServer() {
    stop();
}

void TcpServer::open() {
    acceptor_.open(endpoint_.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint_);
    acceptor_.listen();
    accept();
}

void TcpServer::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec) return; // closed (refuse mode or shutdown)
        socket.set_option(tcp::no_delay(true));
        auto session = std::make_shared<TcpSession>(std::move(socket), bench_);
        sessions_.remove_if([](const auto& w) { return w.expired(); });
        sessions_.push_back(session);
        session->start();
        accept();
    });
}

void TcpServer::set_refuse(bool refuse) {
    boost::system::error_code ignored;
    if (refuse && acceptor_.is_open()) {
        acceptor_.close(ignored);
    } else if (!refuse && !acceptor_.is_open()) {
        open();
    }
}

void TcpServer::drop_all() {
    for (auto& weak : sessions_) {
        if (auto session = weak.lock()) session->close();
    }
    sessions_.clear();
}

void TcpServer::stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    drop_all();
}

} // namespace tg::sim
