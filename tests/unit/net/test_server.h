#pragma once
// Test-only: a Beast HTTP(S) server on 127.0.0.1:<ephemeral port> serving one connection at a
// time, with a few fixed routes (/hello, /big, /slow) and an optional handler for others.

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "test_tls.h"

namespace custos::net::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Serves one connection at a time on 127.0.0.1:<ephemeral>, optionally over TLS.
class TestServer {
 public:
  using Handler = std::function<bool(const std::string& target, std::string& body)>;

  explicit TestServer(const TestPki* pki = nullptr, Handler handler = {})
      : handler_(std::move(handler)),
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    if (pki) {
      ssl_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
      ssl_->use_certificate_chain(asio::buffer(pki->server_cert_pem));
      ssl_->use_private_key(asio::buffer(pki->server_key_pem), asio::ssl::context::pem);
    }
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { loop(); });
  }
  ~TestServer() {
    stop_ = true;
    beast::error_code ec;
    tcp::socket poke(ioc_);
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  std::string url(const std::string& scheme, const std::string& host,
                  const std::string& path) const {
    return scheme + "://" + host + ":" + std::to_string(port_) + path;
  }

 private:
  http::response<http::string_body> respond(const http::request<http::string_body>& req) const {
    http::response<http::string_body> res{http::status::ok, req.version()};
    std::string target(req.target());
    std::string custom;
    if (handler_ && handler_(target, custom)) {
      res.body() = custom;
    } else if (target == "/hello") {
      res.body() = "hello";
      res.set("X-Echo", std::string(req["X-Token"]));
    } else if (target == "/big") {
      res.body() = std::string(2 << 20, 'x');
    } else if (target == "/slow") {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.body() = "late";
    } else {
      res.result(http::status::not_found);
      res.body() = "no";
    }
    res.prepare_payload();
    return res;
  }

  template <typename Stream>
  void serve(Stream& stream) const {
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    beast::error_code ec;
    http::read(stream, buffer, req, ec);
    if (ec) return;
    auto res = respond(req);
    http::write(stream, res, ec);
  }

  void loop() {
    while (!stop_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) continue;
      if (ssl_) {
        beast::ssl_stream<tcp::socket> stream(std::move(socket), *ssl_);
        stream.handshake(asio::ssl::stream_base::server, ec);
        if (!ec) serve(stream);
        stream.next_layer().shutdown(tcp::socket::shutdown_both, ec);
      } else {
        serve(socket);
        socket.shutdown(tcp::socket::shutdown_both, ec);
      }
    }
  }

  Handler handler_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::unique_ptr<asio::ssl::context> ssl_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace custos::net::testing
