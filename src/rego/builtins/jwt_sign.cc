// Token signing (OPA category "tokensign"): io.jwt.encode_sign and io.jwt.encode_sign_raw, with
// OPA's semantics and messages (OPA policy reference, "Token Signing"; RFC 7515 §5.1, §7.1).
// The key is a JWK or a JWK Set (its first key is used); the algorithm is the header's "alg".

#include <string>

#include "base/bytes.h"
#include "jose/jwa.h"
#include "json/parse.h"
#include "rego/builtins/jwt_common.h"
#include "rego/builtins/registry.h"

namespace custos::rego {
namespace {

namespace jwa = jose::jwa;

tl::unexpected<Error> berr(const BuiltinContext& ctx, std::string_view message) {
  return tl::unexpected<Error>(builtin_error(ctx, message));
}

// JSON text as Go's json.Marshal writes it: compact, keys sorted, and <, >, &, U+2028, U+2029
// escaped (they can only occur inside strings, so a textual replacement is exact).
std::string marshal_go(const Value& v) {
  std::string in = v.to_json();
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xe2' && i + 2 < in.size() && in[i + 1] == '\x80' &&
               (in[i + 2] == '\xa8' || in[i + 2] == '\xa9')) {
      out += in[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The header's "alg" (OPA: "missing or invalid 'alg' header: <reason>").
Result<std::string> header_alg(const BuiltinContext& ctx, std::string_view headers) {
  const std::string prefix = "missing or invalid 'alg' header: ";
  if (headers.empty()) return berr(ctx, prefix + "cannot parse JSON: cannot parse empty string");
  auto doc = json::parse(headers, {.max_depth = 64, .allow_duplicate_keys = true});
  if (!doc) {
    return berr(ctx, prefix + "cannot parse JSON: " + jwt::go_json_error(headers, doc.error()));
  }
  const json::Value* alg = doc->is_object() ? doc->find("alg") : nullptr;
  if (alg == nullptr) return berr(ctx, prefix + "field \"alg\" not found");
  if (!alg->is_string()) return berr(ctx, prefix + "field \"alg\" is not a string");
  return alg->as_string();
}

// Whether the header's "typ" is absent, not a string, or "JWT" (then the payload must be JSON).
bool typ_requires_json(std::string_view headers) {
  auto doc = json::parse(headers, {.max_depth = 64, .allow_duplicate_keys = true});
  if (!doc || !doc->is_object()) return true;
  const json::Value* typ = doc->find("typ");
  return typ == nullptr || !typ->is_string() || typ->as_string() == "JWT";
}

// OPA's commonBuiltinJWTEncodeSign: key, then alg, then payload check, then sign.
BuiltinResult encode_sign_common(const BuiltinContext& ctx, std::string_view headers,
                                 std::string_view payload, std::string_view jwk) {
  auto key = jwa::parse_signing_jwk(jwk);
  if (!key) return berr(ctx, key.error().message());
  CUSTOS_TRY_ASSIGN(std::string alg_text, header_alg(ctx, headers));
  auto alg = jwa::parse_alg(alg_text);
  if (!alg) return berr(ctx, "unknown JWS algorithm: " + alg_text);
  if (typ_requires_json(headers) &&
      !json::parse(payload, {.max_depth = 256, .allow_duplicate_keys = true})) {
    return berr(ctx, "type is JWT but payload is not JSON");
  }
  std::string input = jwt::base64url_encode_raw(headers) + "." + jwt::base64url_encode_raw(payload);
  auto signature = jwa::sign(*alg, *key, as_bytes(input));
  if (!signature) return berr(ctx, signature.error().message());
  return Value(input + "." + jwt::base64url_encode_raw(as_string_view(*signature)));
}

}  // namespace

void register_jwt_sign(Registry& r) {
  r.add({.name = "io.jwt.encode_sign",
         .args = {Type::object_of(Type::string(), Type::any()),
                  Type::object_of(Type::string(), Type::any()),
                  Type::object_of(Type::string(), Type::any())},
         .result = Type::string(),
         .description = "Encodes and optionally signs a JSON Web Token. Inputs are taken as "
                        "objects, not encoded strings (see io.jwt.encode_sign_raw).",
         .category = "tokensign",
         .nondeterministic = true,
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           for (int n = 1; n <= 3; ++n) {
             CUSTOS_TRY(arg_kind(ctx, args, n, Value::Kind::kObject));
           }
           return encode_sign_common(ctx, marshal_go(args[0]), marshal_go(args[1]),
                                     marshal_go(args[2]));
         }});
  r.add({.name = "io.jwt.encode_sign_raw",
         .args = {Type::string(), Type::string(), Type::string()},
         .result = Type::string(),
         .description = "Encodes and optionally signs a JSON Web Token.",
         .category = "tokensign",
         .nondeterministic = true,
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto headers, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto payload, arg_string(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto jwk, arg_string(ctx, args, 3));
           return encode_sign_common(ctx, headers, payload, jwk);
         }});
}

}  // namespace custos::rego
