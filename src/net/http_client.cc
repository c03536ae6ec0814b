#include "net/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

#include "net/url.h"

namespace custos::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

// Maps a failed operation to a stable error.
Error io_error(const char* what, const beast::error_code& ec, const Url& url) {
  std::string msg = std::string(what) + " " + url.scheme + "://" + url.host + ":" +
                    std::to_string(url.port) + ": " + ec.message();
  if (ec == http::error::body_limit || ec == http::error::header_limit ||
      ec == http::error::buffer_overflow) {
    return Error(ErrorCode::kResourceExhausted, msg);
  }
  if (ec == beast::error::timeout) return Error(ErrorCode::kDeadlineExceeded, msg);
  if (ec.category() == beast::error_code(http::error::end_of_stream).category()) {
    return Error(ErrorCode::kIo, msg);
  }
  return Error(ErrorCode::kUnavailable, msg);
}

// Holds the outcome of the coroutine.
struct Outcome {
  std::optional<Result<HttpResponse>> result;
};

http::request<http::string_body> build(const HttpRequest& request, const Url& url) {
  http::request<http::string_body> req;
  req.method_string(request.method);
  req.target(url.target);
  req.version(11);
  bool default_port =
      (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  req.set(http::field::host, default_port ? host : host + ":" + std::to_string(url.port));
  req.set(http::field::user_agent, "custos");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  return req;
}

HttpResponse convert(http::response<http::string_body>&& res) {
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(res.body());
  return out;
}

template <typename Stream>
asio::awaitable<void> exchange(Stream& stream, const http::request<http::string_body>& req,
                               const Url& url, std::size_t max_body, Outcome& outcome) {
  auto [wec, written] =
      co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
  (void)written;
  if (wec) {
    outcome.result = fail(io_error("write to", wec, url));
    co_return;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body);
  parser.header_limit(kMaxHeaderBytes);
  auto [rec, read] =
      co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  (void)read;
  if (rec) {
    outcome.result = fail(io_error("read from", rec, url));
    co_return;
  }
  outcome.result = convert(parser.release());
}

asio::awaitable<void> run_plain(const Url& url, http::request<http::string_body> req,
                                std::size_t max_body, Outcome& outcome) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [ec, endpoints] = co_await resolver.async_resolve(url.host, std::to_string(url.port),
                                                         asio::as_tuple(asio::use_awaitable));
  if (ec) {
    outcome.result = fail(io_error("resolve", ec, url));
    co_return;
  }
  beast::tcp_stream stream(executor);
  auto [cec, ep] = co_await stream.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
  (void)ep;
  if (cec) {
    outcome.result = fail(io_error("connect to", cec, url));
    co_return;
  }
  co_await exchange(stream, req, url, max_body, outcome);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> run_tls(const Url& url, asio::ssl::context& ctx,
                              http::request<http::string_body> req, std::size_t max_body,
                              Outcome& outcome) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [ec, endpoints] = co_await resolver.async_resolve(url.host, std::to_string(url.port),
                                                         asio::as_tuple(asio::use_awaitable));
  if (ec) {
    outcome.result = fail(io_error("resolve", ec, url));
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(executor, ctx);
  SSL* ssl = stream.native_handle();
  beast::error_code addr_ec;
  auto address = asio::ip::make_address(url.host, addr_ec);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (!addr_ec) {
    // An IP literal: the certificate must carry it as an iPAddress subjectAltName.
    if (X509_VERIFY_PARAM_set1_ip_asc(param, address.to_string().c_str()) != 1) {
      outcome.result = fail(ErrorCode::kInvalidArgument, "bad IP literal " + url.host);
      co_return;
    }
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, url.host.c_str()) != 1 ||
        SSL_set_tlsext_host_name(ssl, url.host.c_str()) != 1) {
      outcome.result = fail(ErrorCode::kInvalidArgument, "bad TLS host name " + url.host);
      co_return;
    }
  }
  auto [cec, ep] = co_await beast::get_lowest_layer(stream).async_connect(
      endpoints, asio::as_tuple(asio::use_awaitable));
  (void)ep;
  if (cec) {
    outcome.result = fail(io_error("connect to", cec, url));
    co_return;
  }
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client,
                                               asio::as_tuple(asio::use_awaitable));
  if (hec) {
    long verify = SSL_get_verify_result(ssl);
    std::string why = verify != X509_V_OK ? X509_verify_cert_error_string(verify) : hec.message();
    outcome.result =
        fail(ErrorCode::kUnavailable,
             "TLS handshake with " + url.host + ":" + std::to_string(url.port) + " failed: " + why);
    co_return;
  }
  co_await exchange(stream, req, url, max_body, outcome);
  // The response is complete; a TLS close_notify is a courtesy we do not wait for.
  beast::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
}

Result<void> configure_tls(asio::ssl::context& ctx, const ClientOptions& options) {
  beast::error_code ec;
  ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  ctx.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
  if (options.ca_pem.empty()) {
    ctx.set_default_verify_paths(ec);
  } else {
    ctx.add_certificate_authority(asio::buffer(options.ca_pem), ec);
  }
  if (ec) return fail(ErrorCode::kInvalidArgument, "TLS trust store: " + ec.message());
  return {};
}

}  // namespace

Result<HttpResponse> HttpClient::send(const HttpRequest& request) const {
  CUSTOS_TRY_ASSIGN(Url url, parse_url(request.url));
  if (url.scheme == "http" && !options_.allow_plain_http) {
    return fail(ErrorCode::kInvalidArgument, "plain http:// is not allowed: " + request.url);
  }
  auto req = build(request, url);
  // Declared before the I/O context: unfinished coroutine frames that the context destroys still
  // refer to them.
  Outcome outcome;
  std::optional<asio::ssl::context> ctx;
  asio::io_context ioc(1);
  if (url.scheme == "https") {
    ctx.emplace(asio::ssl::context::tls_client);
    CUSTOS_TRY(configure_tls(*ctx, options_));
    asio::co_spawn(ioc, run_tls(url, *ctx, std::move(req), options_.max_body_bytes, outcome),
                   asio::detached);
  } else {
    asio::co_spawn(ioc, run_plain(url, std::move(req), options_.max_body_bytes, outcome),
                   asio::detached);
  }
  ioc.run_for(options_.timeout);
  if (!outcome.result) {
    // The deadline passed with the exchange unfinished: stop it and destroy its state.
    ioc.stop();
    return fail(ErrorCode::kDeadlineExceeded, "request to " + request.url + " exceeded " +
                                                  std::to_string(options_.timeout.count()) + " ms");
  }
  return std::move(*outcome.result);
}

Result<std::string> HttpClient::get(const std::string& url, const Headers& headers) const {
  HttpRequest request;
  request.url = url;
  request.headers = headers;
  CUSTOS_TRY_ASSIGN(HttpResponse response, send(request));
  if (response.status < 200 || response.status > 299) {
    return fail(ErrorCode::kUnavailable,
                "GET " + url + " returned HTTP " + std::to_string(response.status));
  }
  return std::move(response.body);
}

}  // namespace custos::net
