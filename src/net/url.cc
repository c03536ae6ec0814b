#include "net/url.h"

#include <algorithm>
#include <cctype>

namespace custos::net {
namespace {

Error bad(std::string_view text, std::string_view why) {
  return Error(ErrorCode::kInvalidArgument,
               "bad URL '" + std::string(text) + "': " + std::string(why));
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Result<Url> parse_url(std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f) return fail(bad(text, "control, space or non-ASCII character"));
  }
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return fail(bad(text, "no scheme"));
  Url url;
  url.scheme = lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https")
    return fail(bad(text, "scheme must be http or https"));
  std::string_view rest = text.substr(sep + 3);
  if (rest.find('#') != std::string_view::npos) return fail(bad(text, "fragment"));
  auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  url.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (url.target.front() == '?') url.target.insert(url.target.begin(), '/');
  if (authority.find('@') != std::string_view::npos) return fail(bad(text, "user-info"));
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(bad(text, "unclosed IPv6 literal"));
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(bad(text, "junk after IPv6 literal"));
      port = after.substr(1);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return fail(bad(text, "empty host"));
  for (char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':' ||
          c == '_'))
      return fail(bad(text, "bad host character"));
  }
  url.host = lower(host);
  if (port.empty()) {
    url.port = url.scheme == "https" ? 443 : 80;
  } else {
    if (port.size() > 5) return fail(bad(text, "bad port"));
    unsigned value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return fail(bad(text, "bad port"));
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return fail(bad(text, "bad port"));
    url.port = static_cast<std::uint16_t>(value);
  }
  return url;
}

}  // namespace custos::net
