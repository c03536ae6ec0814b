// providers.aws.sign_req (OPA category "providers.aws"): AWS Signature Version 4 of an
// http.send-style request object (AWS docs, "Create a signed AWS API request"). Pure computation
// (no network): the signing time is an operand, so results are deterministic.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <map>

#include "rego/builtins/go_time.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

std::string sha256_hex(std::string_view s) {
  unsigned char out[32];
  unsigned n = 0;
  EVP_Digest(s.data(), s.size(), out, &n, EVP_sha256(), nullptr);
  return hex(out, n);
}

std::string hmac(std::string_view key, std::string_view msg) {
  unsigned char out[32];
  unsigned n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

// RFC 3986 unreserved characters stay; everything else is %XX (upper case). '/' kept in paths.
std::string uri_encode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

struct Url {
  std::string host, path, query;
};

std::optional<Url> parse_url(std::string_view u) {
  std::size_t scheme = u.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::string_view rest = u.substr(scheme + 3);
  std::size_t slash = rest.find_first_of("/?#");
  Url out;
  out.host = std::string(rest.substr(0, slash));
  if (std::size_t at = out.host.rfind('@'); at != std::string::npos) out.host.erase(0, at + 1);
  std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (std::size_t hash = tail.find('#'); hash != std::string_view::npos)
    tail = tail.substr(0, hash);
  std::size_t q = tail.find('?');
  out.path = std::string(tail.substr(0, q));
  if (q != std::string_view::npos) out.query = std::string(tail.substr(q + 1));
  if (out.host.empty()) return std::nullopt;
  return out;
}

std::string canonical_query(const std::string& q) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start < q.size()) {
    std::size_t amp = q.find('&', start);
    std::string part = q.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    start = amp == std::string::npos ? q.size() : amp + 1;
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    params.emplace_back(part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += k + "=" + v;
  }
  return out;
}

Result<std::string> config_string(BuiltinContext& ctx, const Value& cfg, const char* key,
                                  bool required) {
  const Value* v = cfg.find(std::string_view(key));
  if (v == nullptr) {
    if (!required) return std::string();
    return util::builtin_err(ctx, std::string("missing required AWS config parameter: ") + key);
  }
  if (!v->is_string()) return util::builtin_err(ctx, std::string(key) + " must be a string");
  return v->as_string();
}

}  // namespace

void register_providers_aws(Registry& r) {
  const Type kObj = Type::object_of(Type::string(), Type::any());
  r.add({.name = "providers.aws.sign_req",
         .args = {kObj, kObj, Type::number()},
         .result = kObj,
         .description = "Signs an HTTP request object for Amazon Web Services. Currently "
                        "implements AWS Signature Version 4 request signing by the "
                        "`Authorization` header method.",
         .category = "providers.aws",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kObject));
           CUSTOS_TRY_ASSIGN(auto ns, arg_int(ctx, args, 3));
           const Value& req = args[0];
           const Value& cfg = args[1];
           CUSTOS_TRY_ASSIGN(auto access, config_string(ctx, cfg, "aws_access_key", true));
           CUSTOS_TRY_ASSIGN(auto secret, config_string(ctx, cfg, "aws_secret_access_key", true));
           CUSTOS_TRY_ASSIGN(auto service, config_string(ctx, cfg, "aws_service", true));
           CUSTOS_TRY_ASSIGN(auto region, config_string(ctx, cfg, "aws_region", true));
           CUSTOS_TRY_ASSIGN(auto token, config_string(ctx, cfg, "aws_session_token", false));
           bool unsigned_payload = false;
           if (const Value* d = cfg.find(std::string_view("disable_payload_signing"))) {
             if (!d->is_bool())
               return util::builtin_err(ctx, "disable_payload_signing must be a boolean");
             unsigned_payload = d->as_bool();
           }
           const Value* method_v = req.find(std::string_view("method"));
           const Value* url_v = req.find(std::string_view("url"));
           if (method_v == nullptr || url_v == nullptr || !method_v->is_string() ||
               !url_v->is_string()) {
             return util::builtin_err(ctx, "request must have string method and url");
           }
           auto url = parse_url(url_v->as_string());
           if (!url) return util::builtin_err(ctx, "invalid url " + url_v->as_string());
           std::string body;
           if (const Value* raw = req.find(std::string_view("raw_body"));
               raw != nullptr && raw->is_string()) {
             body = raw->as_string();
           } else if (const Value* b = req.find(std::string_view("body"))) {
             body = b->to_json();
           }
           go::Time t = go::Time::from_unix_nanos(ns, go::Zone::utc());
           std::string amz_date = go::format(t, "20060102T150405Z");
           std::string date = amz_date.substr(0, 8);
           std::string payload = unsigned_payload ? "UNSIGNED-PAYLOAD" : sha256_hex(body);
           // Headers: the request's, then the signing ones (which replace same-named ones).
           std::map<std::string, std::string> canon;  // lower-case name → value
           std::string existing_sha;  // OPA signs a caller-supplied x-amz-content-sha256 as is
           std::vector<ObjectEntry> out_headers;
           if (const Value* h = req.find(std::string_view("headers"));
               h != nullptr && h->is_object()) {
             for (const auto& [k, v] : h->as_object()) {
               if (!k.is_string()) continue;
               std::string name = k.as_string();
               std::string lower = name;
               for (auto& c : lower)
                 c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
               if (lower == "x-amz-content-sha256") {
                 existing_sha = v.is_string() ? v.as_string() : v.to_json();
                 continue;
               }
               if (lower == "x-amz-date" || lower == "host" || lower == "authorization" ||
                   lower == "x-amz-security-token") {
                 continue;
               }
               std::string val = v.is_string() ? v.as_string() : v.to_json();
               canon[lower] = val;
               out_headers.emplace_back(k, v);
             }
           }
           canon["host"] = url->host;
           canon["x-amz-content-sha256"] = existing_sha.empty() ? payload : existing_sha;
           canon["x-amz-date"] = amz_date;
           if (!token.empty()) canon["x-amz-security-token"] = token;
           std::string canonical_headers, signed_headers;
           for (const auto& [k, v] : canon) {
             canonical_headers += k + ":" + v + "\n";
             if (!signed_headers.empty()) signed_headers += ";";
             signed_headers += k;
           }
           // As OPA does: the method as given and the URL's path as is (empty stays empty).
           const std::string& method = method_v->as_string();
           std::string path = uri_encode(url->path, true);
           std::string creq = method + "\n" + path + "\n" + canonical_query(url->query) + "\n" +
                              canonical_headers + "\n" + signed_headers + "\n" + payload;
           std::string scope = date + "/" + region + "/" + service + "/aws4_request";
           std::string to_sign =
               "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + sha256_hex(creq);
           std::string key = hmac("AWS4" + secret, date);
           key = hmac(key, region);
           key = hmac(key, service);
           key = hmac(key, "aws4_request");
           std::string sig = hmac(key, to_sign);
           std::string auth = "AWS4-HMAC-SHA256 Credential=" + access + "/" + scope +
                              ",SignedHeaders=" + signed_headers + ",Signature=" +
                              hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
           out_headers.emplace_back(Value("Authorization"), Value(auth));
           out_headers.emplace_back(Value("host"), Value(url->host));
           out_headers.emplace_back(Value("x-amz-content-sha256"), Value(payload));
           out_headers.emplace_back(Value("x-amz-date"), Value(amz_date));
           if (!token.empty())
             out_headers.emplace_back(Value("x-amz-security-token"), Value(token));
           std::vector<ObjectEntry> out(req.as_object().begin(), req.as_object().end());
           out.emplace_back(Value("headers"), Value::object(std::move(out_headers)));
           return Value::object(std::move(out));
         }});
}

}  // namespace custos::rego
