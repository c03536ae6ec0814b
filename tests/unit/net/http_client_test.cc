// The HTTP client against a real Beast server on 127.0.0.1 (port 0), plain and TLS, with a CA made
// in the test.

#include "net/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "test_tls.h"

namespace custos::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Serves one connection at a time on 127.0.0.1:<ephemeral>, optionally over TLS.
class TestServer {
 public:
  explicit TestServer(const testing::TestPki* pki = nullptr)
      : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
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
  static http::response<http::string_body> respond(const http::request<http::string_body>& req) {
    http::response<http::string_body> res{http::status::ok, req.version()};
    std::string target(req.target());
    if (target == "/hello") {
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
  static void serve(Stream& stream) {
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

  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::unique_ptr<asio::ssl::context> ssl_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

ClientOptions options(void (*edit)(ClientOptions&)) {
  ClientOptions o;
  edit(o);
  return o;
}

TEST(NetHttpClient, PlainGetSendsHeadersAndReadsBody) {
  TestServer server;
  HttpClient client;
  HttpRequest request;
  request.url = server.url("http", "127.0.0.1", "/hello");
  request.headers = {{"X-Token", "abc"}};
  auto response = client.send(request);
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  bool echoed = false;
  for (const auto& [name, value] : response->headers)
    echoed |= (name == "X-Echo" && value == "abc");
  EXPECT_TRUE(echoed);
}

TEST(NetHttpClient, NonSuccessStatusIsAnErrorForGet) {
  TestServer server;
  HttpClient client;
  auto body = client.get(server.url("http", "127.0.0.1", "/missing"));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), ErrorCode::kUnavailable);
}

TEST(NetHttpClient, BodyLargerThanCapIsRefused) {
  TestServer server;
  HttpClient client(options([](ClientOptions& o) { o.max_body_bytes = 1 << 20; }));
  auto body = client.get(server.url("http", "127.0.0.1", "/big"));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), ErrorCode::kResourceExhausted);
  HttpClient roomy(options([](ClientOptions& o) { o.max_body_bytes = 4 << 20; }));
  auto ok = roomy.get(server.url("http", "127.0.0.1", "/big"));
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->size(), std::size_t{2} << 20);
}

TEST(NetHttpClient, DeadlineIsEnforced) {
  TestServer server;
  HttpClient client(options([](ClientOptions& o) { o.timeout = std::chrono::milliseconds(300); }));
  auto start = std::chrono::steady_clock::now();
  auto body = client.get(server.url("http", "127.0.0.1", "/slow"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), ErrorCode::kDeadlineExceeded);
  EXPECT_LT(elapsed, std::chrono::milliseconds(1200));
}

TEST(NetHttpClient, ConnectionRefusedIsUnavailable) {
  std::uint16_t port;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  HttpClient client;
  auto body = client.get("http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), ErrorCode::kUnavailable);
}

TEST(NetHttpClient, HttpsVerifiesChainAndIpAddress) {
  auto pki = testing::make_test_pki("localhost", "127.0.0.1");
  TestServer server(&pki);
  ClientOptions trust;
  trust.ca_pem = pki.ca_cert_pem;
  HttpClient client(trust);
  auto body = client.get(server.url("https", "127.0.0.1", "/hello"));
  ASSERT_TRUE(body) << body.error().message();
  EXPECT_EQ(*body, "hello");
}

TEST(NetHttpClient, HttpsRefusesUnknownCa) {
  auto pki = testing::make_test_pki("localhost", "127.0.0.1");
  auto other = testing::make_test_pki("localhost", "127.0.0.1");
  TestServer server(&pki);
  ClientOptions trust;
  trust.ca_pem = other.ca_cert_pem;
  HttpClient client(trust);
  auto body = client.get(server.url("https", "127.0.0.1", "/hello"));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), ErrorCode::kUnavailable);
  // The system trust store does not know the test CA either.
  HttpClient system_trust;
  auto again = system_trust.get(server.url("https", "127.0.0.1", "/hello"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kUnavailable);
}

TEST(NetHttpClient, HttpsRefusesCertificateForAnotherHost) {
  auto pki = testing::make_test_pki("store.example", "10.9.8.7");
  TestServer server(&pki);
  ClientOptions trust;
  trust.ca_pem = pki.ca_cert_pem;
  HttpClient client(trust);
  auto body = client.get(server.url("https", "127.0.0.1", "/hello"));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(body.error().message().find("TLS"), std::string::npos) << body.error().message();
}

TEST(NetHttpClient, PlainHttpCanBeForbidden) {
  HttpClient client(options([](ClientOptions& o) { o.allow_plain_http = false; }));
  auto body = client.get("http://127.0.0.1:1/");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace custos::net
