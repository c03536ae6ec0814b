#pragma once
// Capabilities: the non-hermetic services an embedder may grant to policies (OPA builtins
// net.lookup_ip_addr and http.send). Everything is OFF by default: an evaluation without a
// Capabilities object (EvalOptions::capabilities == nullptr) is hermetic, and those builtins fail
// with eval_builtin_error "<name>: disabled: ...". The policy engine nodes never grant them (their
// decisions must be identical on every node); `custos eval` grants them on request
// (--allow-net-lookup, --http-allow HOST).
//
// The rego library does not do HTTP itself (src/net sits above it): the embedder injects an
// HttpTransport (apps/custos implements one with net::HttpClient: verified TLS, deadlines, size
// caps). http.send checks the host allow-list itself, before each request and each redirect, so
// a transport only has to perform one exchange without following redirects.

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace custos::rego {

// One HTTP exchange as http.send asks for it (already validated and allow-listed).
struct HttpSendRequest {
  std::string method;  // upper case, e.g. "GET"
  std::string url;     // absolute http:// or https:// URL
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5'000};  // deadline for the whole exchange
  std::string ca_pem;  // extra trusted CA certificates (tls_ca_cert); empty: system store
};

struct HttpSendResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received (any case)
  std::string body;
};

// Performs single HTTP exchanges (no redirects). Implementations must verify TLS peers, honour
// the request's timeout and cap the response size. Errors become http.send network errors
// (eval_http_send_network_error, or a raised eval_builtin_error when raise_error is true).
// Must be thread-safe: concurrent evaluations may share one transport.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result<HttpSendResponse> send(const HttpSendRequest& request) const = 0;
};

// What an evaluation may do beyond pure computation. Owned by the embedder; must outlive the
// evaluations that use it; read-only during evaluation (shareable across threads).
struct Capabilities {
  // net.lookup_ip_addr resolves names with the system resolver (getaddrinfo).
  bool net_lookup = false;
  // http.send: null → disabled. Requests go only to hosts in http_allowed_hosts (exact,
  // case-insensitive host names or IP literals; "*" allows every host).
  const HttpTransport* http = nullptr;
  std::vector<std::string> http_allowed_hosts;
  // Upper bound of a request's timeout; also the default when the request names none.
  std::chrono::milliseconds http_max_timeout{5'000};
  // Most redirects followed when a request sets enable_redirect (each one allow-listed).
  int http_max_redirects = 10;
};

}  // namespace custos::rego
