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

#include "test_server.h"
#include "test_tls.h"

namespace custos::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

using testing::TestServer;

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
