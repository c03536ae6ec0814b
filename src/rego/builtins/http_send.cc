// http.send (OPA category "http"; OPA topdown/http.go). Disabled unless the embedder grants an
// HttpTransport in Capabilities (see capabilities.h); evaluations on the policy engine nodes never
// do. The request object is validated first, exactly as OPA does, whether or not the capability
// is granted: unknown keys → eval_type_error "http.send: operand 1 invalid request
// parameters(s): {...}", missing method/url → "... missing required request parameters(s):
// {...}".
//
// Honoured request keys: method, url, headers, body (JSON-encoded), raw_body, timeout (Go
// duration string or nanoseconds; capped by Capabilities::http_max_timeout), enable_redirect
// (each hop must stay on an allow-listed host), force_json_decode, force_yaml_decode,
// raise_error, tls_ca_cert (PEM), tls_use_system_certs (true is the default anyway).
// Accepted and ignored (no inter-query cache in custos; identical requests are memoised within
// one evaluation as OPA does): cache, force_cache, force_cache_duration_seconds, caching_mode,
// cache_ignored_headers, max_retry_attempts. Refused with an error when set: the tls_client_*
// family, tls_ca_cert_file / _env_variable (no file or environment access from policies),
// tls_server_name, and tls_insecure_skip_verify = true (verification cannot be turned off).
//
// Response: {"status": "200 OK", "status_code": 200, "headers": {lower-case name: [values]},
// "raw_body": text, "body": decoded JSON/YAML or null}. Transport errors with raise_error=false:
// {"status_code": 0, "error": {"code": "eval_http_send_network_error", "message": ...}}.

#include <algorithm>
#include <cctype>

#include "rego/builtins/go_time.h"
#include "rego/builtins/util.h"
#include "rego/builtins/yaml.h"

namespace custos::rego {

namespace {

constexpr std::string_view kAllowedKeys[] = {
    "method",
    "url",
    "body",
    "enable_redirect",
    "force_json_decode",
    "force_yaml_decode",
    "headers",
    "raw_body",
    "tls_use_system_certs",
    "tls_ca_cert",
    "tls_ca_cert_file",
    "tls_ca_cert_env_variable",
    "tls_client_cert",
    "tls_client_cert_file",
    "tls_client_cert_env_variable",
    "tls_client_key",
    "tls_client_key_file",
    "tls_client_key_env_variable",
    "tls_insecure_skip_verify",
    "tls_server_name",
    "timeout",
    "cache",
    "force_cache",
    "force_cache_duration_seconds",
    "raise_error",
    "caching_mode",
    "max_retry_attempts",
    "cache_ignored_headers",
};

constexpr std::string_view kRefusedKeys[] = {
    "tls_ca_cert_file",     "tls_ca_cert_env_variable",     "tls_client_cert",
    "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key",
    "tls_client_key_file",  "tls_client_key_env_variable",  "tls_server_name",
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Go's http.StatusText for the common codes (the "status" member is "<code> <text>").
std::string_view status_text(int code) {
  switch (code) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 412: return "Precondition Failed";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 418: return "I'm a teapot";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

// Scheme, host (lower case, IPv6 without brackets) and origin ("scheme://authority") of an
// absolute http(s) URL; nullopt when the URL is not one.
struct UrlParts {
  std::string scheme;
  std::string host;
  std::string origin;
  std::string path;  // from the first '/', may be empty
};

std::optional<UrlParts> split_url(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  UrlParts p;
  p.scheme = lower(url.substr(0, colon));
  if (p.scheme != "http" && p.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority;
  if (host.front() == '[') {
    std::size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = host.substr(1, close - 1);
  } else if (std::size_t c = host.rfind(':'); c != std::string_view::npos) {
    host = host.substr(0, c);
  }
  if (host.empty()) return std::nullopt;
  p.host = lower(host);
  p.origin = p.scheme + "://" + std::string(authority);
  if (end != std::string_view::npos) p.path = std::string(rest.substr(end));
  return p;
}

bool host_allowed(const Capabilities& caps, std::string_view host) {
  for (const auto& h : caps.http_allowed_hosts) {
    if (h == "*" || lower(h) == host) return true;
  }
  return false;
}

// Resolves a Location header against the URL it came from (absolute, "//authority/...",
// "/path" or a path relative to the current directory).
std::string resolve_location(const UrlParts& base, std::string_view location) {
  if (location.find("://") != std::string_view::npos) return std::string(location);
  if (location.starts_with("//")) return base.scheme + ":" + std::string(location);
  if (location.starts_with("/")) return base.origin + std::string(location);
  std::string dir = base.path.substr(0, base.path.find_first_of("?#"));
  dir = dir.substr(0, dir.rfind('/') + 1);
  if (dir.empty()) dir = "/";
  return base.origin + dir + std::string(location);
}

Error type_err(const BuiltinContext& ctx, std::string_view message) {
  return Error(ErrorCode::kEvalType, std::string(ctx.name) + ": operand 1 " + std::string(message));
}

// OPA's validateHTTPRequestOperand.
Result<const Value*> validate(const BuiltinContext& ctx, std::span<const Value> args) {
  CUSTOS_TRY_ASSIGN(const Value* req, arg_kind(ctx, args, 1, Value::Kind::kObject));
  std::vector<Value> invalid;
  for (const auto& [k, v] : req->as_object()) {
    bool ok = k.is_string() && std::find(std::begin(kAllowedKeys), std::end(kAllowedKeys),
                                         k.as_string()) != std::end(kAllowedKeys);
    if (!ok) invalid.push_back(k);
  }
  if (!invalid.empty()) {
    return tl::unexpected(type_err(
        ctx, "invalid request parameters(s): " + Value::set(std::move(invalid)).to_string()));
  }
  std::vector<Value> missing;
  for (const char* key : {"method", "url"}) {
    if (req->find(key) == nullptr) missing.emplace_back(key);
  }
  if (!missing.empty()) {
    return tl::unexpected(type_err(ctx, "missing required request parameters(s): " +
                                            Value::set(std::move(missing)).to_string()));
  }
  return req;
}

struct Parsed {
  HttpSendRequest request;
  bool enable_redirect = false;
  bool force_json = false;
  bool force_yaml = false;
};

Result<bool> bool_key(const BuiltinContext& ctx, const Value& req, const char* key, bool dflt) {
  const Value* v = req.find(key);
  if (v == nullptr) return dflt;
  if (!v->is_bool())
    return tl::unexpected(builtin_error(ctx, std::string(key) + " must be a boolean"));
  return v->as_bool();
}

// Builds the transport request from a validated object (errors: eval_builtin_error).
Result<Parsed> parse_request(const BuiltinContext& ctx, const Capabilities& caps,
                             const Value& req) {
  Parsed p;
  for (std::string_view key : {"method", "url", "raw_body", "tls_ca_cert"}) {
    const Value* v = req.find(key);
    if (v != nullptr && !v->is_string()) {
      return tl::unexpected(builtin_error(ctx, "\"" + std::string(key) + "\" must be a string"));
    }
  }
  for (std::string_view key : kRefusedKeys) {
    if (req.find(key) != nullptr) {
      return tl::unexpected(builtin_error(
          ctx, "request parameter \"" + std::string(key) + "\" is not supported by custos"));
    }
  }
  CUSTOS_TRY_ASSIGN(bool insecure, bool_key(ctx, req, "tls_insecure_skip_verify", false));
  if (insecure) {
    return tl::unexpected(
        builtin_error(ctx, "tls_insecure_skip_verify is refused: TLS peers are always verified"));
  }
  CUSTOS_TRY(bool_key(ctx, req, "tls_use_system_certs", true));
  CUSTOS_TRY_ASSIGN(p.enable_redirect, bool_key(ctx, req, "enable_redirect", false));
  CUSTOS_TRY_ASSIGN(p.force_json, bool_key(ctx, req, "force_json_decode", false));
  CUSTOS_TRY_ASSIGN(p.force_yaml, bool_key(ctx, req, "force_yaml_decode", false));
  p.request.method = req.find("method")->as_string();
  std::transform(p.request.method.begin(), p.request.method.end(), p.request.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  p.request.url = req.find("url")->as_string();
  if (const Value* ca = req.find("tls_ca_cert")) p.request.ca_pem = ca->as_string();
  if (const Value* raw = req.find("raw_body")) {
    p.request.body = raw->as_string();
  } else if (const Value* body = req.find("body")) {
    p.request.body = body->to_json();
  }
  if (const Value* headers = req.find("headers")) {
    if (!headers->is_object())
      return tl::unexpected(builtin_error(ctx, "invalid type for headers key"));
    for (const auto& [k, v] : headers->as_object()) {
      if (!k.is_string() || !v.is_string()) {
        return tl::unexpected(
            builtin_error(ctx, "invalid type for headers value " + v.to_string()));
      }
      p.request.headers.emplace_back(k.as_string(), v.as_string());
    }
  }
  p.request.timeout = caps.http_max_timeout;
  if (const Value* t = req.find("timeout")) {
    std::int64_t ns = 0;
    if (t->is_number()) {
      auto i = t->as_number().to_int64();
      if (!i) return tl::unexpected(builtin_error(ctx, "invalid timeout number value"));
      ns = *i;
    } else if (t->is_string()) {
      auto d = go::parse_duration_ns(t->as_string());
      if (!d) return tl::unexpected(builtin_error(ctx, d.error().message()));
      ns = *d;
    } else {
      return tl::unexpected(builtin_error(ctx, "invalid timeout value"));
    }
    if (ns < 0) return tl::unexpected(builtin_error(ctx, "timeout must be non-negative"));
    // 0 means "no timeout" in Go; custos always keeps the embedder's bound.
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(ns));
    if (ns > 0 && ms < p.request.timeout)
      p.request.timeout = std::max(ms, std::chrono::milliseconds(1));
  }
  return p;
}

// The response object, with the body decoded as OPA does.
Result<Value> response_value(const BuiltinContext& ctx, const Parsed& p,
                             const HttpSendResponse& r) {
  std::map<std::string, std::vector<Value>> headers;
  std::string content_type;
  for (const auto& [name, value] : r.headers) {
    std::string n = lower(name);
    if (n == "content-type" && content_type.empty()) content_type = value;
    headers[n].emplace_back(value);
  }
  std::vector<ObjectEntry> hs;
  for (auto& [n, vs] : headers) hs.push_back({Value(n), Value::array(std::move(vs))});
  Value body;
  if (p.force_json || content_type.find("application/json") != std::string::npos) {
    auto v = Value::parse_json(r.body);
    if (!v) return tl::unexpected(builtin_error(ctx, "invalid JSON body: " + v.error().message()));
    body = std::move(*v);
  } else if (p.force_yaml || content_type.find("application/yaml") != std::string::npos ||
             content_type.find("application/x-yaml") != std::string::npos) {
    auto v = yaml_to_value(r.body);
    if (!v) return tl::unexpected(builtin_error(ctx, "invalid YAML body: " + v.error().message()));
    body = std::move(*v);
  }
  std::string status = std::to_string(r.status);
  if (auto text = status_text(r.status); !text.empty()) status += " " + std::string(text);
  return Value::object({{Value("status"), Value(std::move(status))},
                        {Value("status_code"), Value(r.status)},
                        {Value("headers"), Value::object(std::move(hs))},
                        {Value("raw_body"), Value(r.body)},
                        {Value("body"), std::move(body)}});
}

// Sends the request, following redirects when enabled; every hop must be allow-listed.
Result<HttpSendResponse> exchange(const BuiltinContext& ctx, const Capabilities& caps, Parsed& p) {
  HttpSendRequest req = p.request;
  for (int hop = 0;; ++hop) {
    auto parts = split_url(req.url);
    if (!parts) return tl::unexpected(builtin_error(ctx, "invalid url: " + req.url));
    if (!host_allowed(caps, parts->host)) {
      return tl::unexpected(builtin_error(ctx, "unallowed host: " + parts->host));
    }
    if (ctx.cancelled()) return tl::unexpected(builtin_error(ctx, "evaluation cancelled"));
    CUSTOS_TRY_ASSIGN(auto resp, caps.http->send(req));
    bool redirect = resp.status == 301 || resp.status == 302 || resp.status == 303 ||
                    resp.status == 307 || resp.status == 308;
    if (!redirect || !p.enable_redirect) return resp;
    std::string location;
    for (const auto& [n, v] : resp.headers) {
      if (lower(n) == "location") location = v;
    }
    if (location.empty()) return resp;
    if (hop + 1 > caps.http_max_redirects) {
      return tl::unexpected(builtin_error(
          ctx, "stopped after " + std::to_string(caps.http_max_redirects) + " redirects"));
    }
    std::string next = resolve_location(*parts, location);
    auto next_parts = split_url(next);
    if (next_parts && next_parts->host != parts->host) {
      // Like Go's client: credentials are not forwarded to another host.
      std::erase_if(req.headers, [](const auto& h) {
        std::string n = lower(h.first);
        return n == "authorization" || n == "cookie" || n == "www-authenticate";
      });
    }
    if (resp.status == 301 || resp.status == 302 || resp.status == 303) {
      if (req.method != "GET" && req.method != "HEAD") req.method = "GET";
      req.body.clear();
    }
    req.url = std::move(next);
  }
}

BuiltinResult http_send(BuiltinContext& ctx, std::span<const Value> args) {
  CUSTOS_TRY_ASSIGN(const Value* req, validate(ctx, args));
  CUSTOS_TRY_ASSIGN(bool raise_error, bool_key(ctx, *req, "raise_error", true));
  const Capabilities* caps = ctx.capabilities;
  if (caps == nullptr || caps->http == nullptr) {
    return util::builtin_err(ctx,
                             "disabled: network access is not allowed in this evaluation (grant "
                             "the http capability, e.g. custos eval --http-allow HOST)");
  }
  std::string key = "http.send:" + req->to_string();
  if (ctx.cache != nullptr) {
    if (auto it = ctx.cache->find(key); it != ctx.cache->end()) {
      return std::any_cast<Value>(it->second);
    }
  }
  auto result = [&]() -> Result<Value> {
    CUSTOS_TRY_ASSIGN(auto parsed, parse_request(ctx, *caps, *req));
    CUSTOS_TRY_ASSIGN(auto resp, exchange(ctx, *caps, parsed));
    return response_value(ctx, parsed, resp);
  }();
  Value out;
  if (result) {
    out = std::move(*result);
  } else if (raise_error) {
    const Error& e = result.error();
    if (e.code() == ErrorCode::kEvalBuiltin) return util::err(e);
    return util::builtin_err(ctx, e.message());
  } else {
    bool builtin = result.error().code() == ErrorCode::kEvalBuiltin;
    std::string message = result.error().message();
    std::string prefix = std::string(ctx.name) + ": ";
    if (builtin && message.starts_with(prefix)) message.erase(0, prefix.size());
    out = Value::object(
        {{Value("status_code"), Value(0)},
         {Value("error"),
          Value::object({{Value("code"), Value(builtin ? "eval_http_send_internal_error"
                                                       : "eval_http_send_network_error")},
                         {Value("message"), Value(std::move(message))}})}});
  }
  if (ctx.cache != nullptr) (*ctx.cache)[key] = out;
  return out;
}

}  // namespace

void register_http_send(Registry& r) {
  r.add({.name = "http.send",
         .args = {Type::object_of(Type::string(), Type::any())},
         .result = Type::object_of(Type::any(), Type::any()),
         .description = "Returns a HTTP response to the given HTTP request. custos: disabled "
                        "unless the evaluation grants the http capability (allow-listed hosts "
                        "only).",
         .category = "http",
         .nondeterministic = true,
         .fn = http_send});
}

}  // namespace custos::rego
