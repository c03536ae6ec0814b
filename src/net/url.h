#pragma once
// Absolute http:// and https:// URLs, as far as an HTTP client needs them (RFC 3986 §3, without
// user-info). Thread-safe (values only).

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace custos::net {

struct Url {
  std::string scheme;      // "http" or "https" (lower case)
  std::string host;        // a DNS name or an IP literal (IPv6 without the brackets)
  std::uint16_t port = 0;  // explicit, or 80 / 443 by scheme
  std::string target;      // path and query, at least "/"
};

// Parses an absolute http(s) URL. Error: kInvalidArgument for another scheme, user-info, an empty
// or malformed host, a bad port, a fragment, or control characters / spaces anywhere.
Result<Url> parse_url(std::string_view text);

}  // namespace custos::net
