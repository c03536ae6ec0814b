#pragma once
// A small HTTP/1.1 client: one request per connection, http:// or https://.
//
// TLS always verifies the peer: the chain must lead to the configured CA (or the system trust
// store when none is configured) and the certificate must name the URL's host (DNS name or IP
// address). There is no switch to turn verification off. Every request has a total deadline
// (resolve + connect + handshake + write + read) and a cap on the response body and headers; a
// response that exceeds either is refused, never truncated.
//
// Errors: kInvalidArgument (bad URL / scheme not allowed), kUnavailable (resolve, connect or TLS
// failure, including certificate verification), kDeadlineExceeded (the deadline passed),
// kResourceExhausted (response too large), kIo (malformed response). Non-2xx statuses are returned
// as responses, not errors. Thread-safe: a client holds only its options; each call uses its own
// I/O context.

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace custos::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute http:// or https:// URL
  Headers headers;  // sent as given (Host, User-Agent and Content-Length are set by the client)
  std::string body;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

struct ClientOptions {
  // Deadline for the whole exchange.
  std::chrono::milliseconds timeout{10'000};
  // Largest accepted response body, in bytes.
  std::size_t max_body_bytes = 64u << 20;
  // Trusted CA certificates (PEM). Empty → the system's default trust store.
  std::string ca_pem;
  // Whether plain http:// URLs are allowed at all.
  bool allow_plain_http = true;
};

class HttpClient {
 public:
  explicit HttpClient(ClientOptions options = {}) : options_(std::move(options)) {}

  // Performs one request. See the file comment for errors.
  Result<HttpResponse> send(const HttpRequest& request) const;

  // GET `url` with `headers`; a non-2xx status becomes kUnavailable naming the status.
  Result<std::string> get(const std::string& url, const Headers& headers = {}) const;

  const ClientOptions& options() const { return options_; }

 private:
  ClientOptions options_;
};

}  // namespace custos::net
