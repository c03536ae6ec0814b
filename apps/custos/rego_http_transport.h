#pragma once
// The HttpTransport that `custos eval --http-allow HOST` grants to policies: http.send requests
// performed by net::HttpClient (TLS peers always verified, a deadline per exchange, capped
// response size, no redirects: http.send follows them itself after its allow-list check).

#include <cstddef>

#include "rego/rego.h"

namespace custos::cli {

class NetHttpTransport final : public rego::HttpTransport {
 public:
  // `max_body_bytes`: largest accepted response body.
  explicit NetHttpTransport(std::size_t max_body_bytes = 16u << 20)
      : max_body_bytes_(max_body_bytes) {}

  // One exchange with the request's timeout and CA (see rego::HttpTransport). Thread-safe.
  Result<rego::HttpSendResponse> send(const rego::HttpSendRequest& request) const override;

 private:
  std::size_t max_body_bytes_;
};

}  // namespace custos::cli
