// Tokens (OPA category "tokens"): io.jwt.decode, io.jwt.decode_verify and the io.jwt.verify_*
// family, with OPA's semantics and messages (OPA policy reference, "Token Verification"; RFC 7519
// §7.2 for the decoding steps). Signature checks are done by jose::jwa (RFC 7518 §3, RFC 8037).
//
// Differences from OPA, on purpose: ES* signatures must be exactly r || s of the curve's size
// (RFC 7518 §3.4) and the key's curve must match the algorithm; duplicate JSON keys take the last
// value (as Go does). OPA's inter-query token cache is not implemented (results are recomputed).

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "jose/jwa.h"
#include "json/parse.h"
#include "rego/builtins/jwt_common.h"
#include "rego/builtins/registry.h"

namespace custos::rego {
namespace jwt {

namespace {
int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}
}  // namespace

Result<std::string> base64url_decode_go(std::string_view in) {
  std::string s(in);
  if (!s.ends_with('=')) {
    switch (s.size() % 4) {
      case 0: break;
      case 2: s += "=="; break;
      case 3: s += "="; break;
      default: return fail(ErrorCode::kEvalBuiltin, "illegal base64url string: " + s);
    }
  }
  auto bad = [](std::size_t at) {
    return fail(ErrorCode::kEvalBuiltin, "illegal base64 data at input byte " + std::to_string(at));
  };
  std::string out;
  out.reserve(s.size() / 4 * 3);
  std::uint32_t acc = 0;
  int n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      if (n < 2) return bad(i);
      int need = 4 - n;
      std::size_t j = i;
      for (; j < s.size() && need > 0; ++j) {
        if (s[j] == '\r' || s[j] == '\n') continue;
        if (s[j] != '=') return bad(j);
        --need;
      }
      if (need > 0) return bad(s.size());
      for (; j < s.size(); ++j) {
        if (s[j] != '\r' && s[j] != '\n') return bad(j);
      }
      if (n == 2) {
        out.push_back(static_cast<char>((acc >> 4) & 0xff));
      } else {
        out.push_back(static_cast<char>((acc >> 10) & 0xff));
        out.push_back(static_cast<char>((acc >> 2) & 0xff));
      }
      return out;
    }
    int v = b64_value(c);
    if (v < 0) return bad(i);
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    if (++n == 4) {
      out.push_back(static_cast<char>((acc >> 16) & 0xff));
      out.push_back(static_cast<char>((acc >> 8) & 0xff));
      out.push_back(static_cast<char>(acc & 0xff));
      acc = 0;
      n = 0;
    }
  }
  if (n != 0) return bad(s.size());
  return out;
}

std::string base64url_encode_raw(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  auto at = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(in[i]));
  };
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(v >> shift) & 63]);
  }
  std::size_t rest = in.size() - i;
  if (rest > 0) {
    std::uint32_t v = at(i) << 16;
    if (rest == 2) v |= at(i + 1) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

Result<Value> parse_json_go(std::string_view text) {
  auto doc = json::parse(text, {.max_depth = 256, .allow_duplicate_keys = true});
  if (!doc) return tl::unexpected(doc.error());
  return Value::from_json(*doc);
}

std::string go_json_error(std::string_view text, const Error& error) {
  std::size_t at = error.span() ? error.span()->offset : text.size();
  if (text.empty() || at >= text.size()) return "unexpected end of JSON input";
  return "invalid character '" + std::string(1, text[at]) + "' at offset " + std::to_string(at) +
         " (" + error.message() + ")";
}

}  // namespace jwt

namespace {

using jose::jwa::Alg;
namespace jwa = jose::jwa;

constexpr int kMaxNesting = 32;  // cty "JWT" nesting depth; each level shrinks the token anyway

tl::unexpected<Error> berr(const BuiltinContext& ctx, std::string_view message) {
  return tl::unexpected<Error>(builtin_error(ctx, message));
}

// The three base64url sections of a compact token (not decoded).
struct Token {
  std::string header, payload, signature;
};

// OPA's decodeJWT: the operand must be a string with exactly two periods.
Result<Token> split_token(const BuiltinContext& ctx, const Value& v, int operand) {
  if (!v.is_string()) return tl::unexpected(operand_type_error(ctx, operand, "string", v));
  std::string_view s = v.as_string();
  if (s.find('.') == std::string_view::npos) {
    return berr(ctx, "encoded JWT had no period separators");
  }
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 3) {
    return berr(ctx, "encoded JWT must have 3 sections, found " + std::to_string(parts.size()));
  }
  return Token{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
}

// A JSON object from text, with OPA's "invalid JSON" / "not an Object" errors (unprefixed).
Result<Value> json_object(std::string_view text) {
  auto v = jwt::parse_json_go(text);
  if (!v) {
    return fail(ErrorCode::kEvalBuiltin, "invalid JSON: " + jwt::go_json_error(text, v.error()));
  }
  if (!v->is_object()) return fail(ErrorCode::kEvalBuiltin, "decoded JSON type was not an Object");
  return std::move(*v);
}

Result<Value> decode_header(const BuiltinContext& ctx, const Token& token) {
  auto text = jwt::base64url_decode_go(token.header);
  if (!text) return berr(ctx, "JWT header had invalid encoding: " + text.error().message());
  auto header = json_object(*text);
  if (!header) return berr(ctx, "bad JWT header: " + header.error().message());
  if (header->find("enc") != nullptr) {
    return berr(ctx, "JWT is a JWE object, which is not supported");
  }
  return std::move(*header);
}

Result<std::string> decode_signature(const BuiltinContext& ctx, const Token& token) {
  auto sig = jwt::base64url_decode_go(token.signature);
  if (!sig) return berr(ctx, sig.error().message());
  return std::move(*sig);
}

// OPA's parseTokenHeader: the registered members it reads, with their type checks.
struct Header {
  std::string alg, kid, typ, cty;
  std::vector<std::string> crit, unknown;
  bool has_crit = false;

  // RFC 7515 §4.1.1 (alg present) and §4.1.11 (no critical member we do not understand).
  bool valid() const {
    if (alg.empty()) return false;
    for (const std::string& u : unknown) {
      for (const std::string& c : crit) {
        if (u == c) return false;
      }
    }
    return true;
  }
};

Result<Header> parse_header(const BuiltinContext& ctx, const Value& header) {
  Header out;
  for (const auto& [k, v] : header.as_object()) {
    const std::string& name = k.as_string();
    std::string* where = name == "alg"   ? &out.alg
                         : name == "kid" ? &out.kid
                         : name == "typ" ? &out.typ
                         : name == "cty" ? &out.cty
                                         : nullptr;
    if (where != nullptr) {
      if (!v.is_string()) return berr(ctx, name + ": must be a string");
      *where = v.as_string();
    } else if (name == "crit") {
      if (!v.is_array()) return berr(ctx, "crit: must be a list");
      out.has_crit = true;
      for (const Value& item : v.as_array()) {
        if (item.is_string()) out.crit.push_back(item.as_string());
      }
      if (out.crit.empty()) return berr(ctx, "crit: must be a nonempty list");
    } else {
      out.unknown.push_back(name);
    }
  }
  return out;
}

std::string signing_input(const Token& token) { return token.header + "." + token.payload; }

// The key-selection rule shared by verify_* and decode_verify: a key whose kid equals the
// header's kid is the only one tried; otherwise every key without an "alg", and every key whose
// "alg" equals the header's, is tried until one verifies.
bool verify_with_keys(Alg alg, const std::vector<jwa::Key>& keys, const Header& header,
                      const std::string& input, const std::string& signature) {
  ByteView in = as_bytes(input);
  ByteView sig = as_bytes(signature);
  if (!header.kid.empty()) {
    for (const jwa::Key& key : keys) {
      if (key.kid() == header.kid) return jwa::verify(alg, key, in, sig).has_value();
    }
  }
  for (const jwa::Key& key : keys) {
    if (!key.alg().empty() && key.alg() != header.alg) continue;
    if (jwa::verify(alg, key, in, sig)) return true;
  }
  return false;
}

// io.jwt.verify_{rs,ps,es}*, verify_eddsa.
BuiltinResult verify_asymmetric(BuiltinContext& ctx, std::span<const Value> args, Alg alg) {
  CUSTOS_TRY_ASSIGN(Token token, split_token(ctx, args[0], 1));
  CUSTOS_TRY_ASSIGN(auto key_text, arg_string(ctx, args, 2));
  auto keys = jwa::parse_verification_keys(key_text);
  if (!keys) return berr(ctx, keys.error().message());
  CUSTOS_TRY_ASSIGN(std::string signature, decode_signature(ctx, token));
  CUSTOS_TRY_ASSIGN(Value header_value, decode_header(ctx, token));
  CUSTOS_TRY_ASSIGN(Header header, parse_header(ctx, header_value));
  return Value(verify_with_keys(alg, *keys, header, signing_input(token), signature));
}

// io.jwt.verify_hs*: HMAC of the signing input with the secret, compared in constant time.
BuiltinResult verify_hmac(BuiltinContext& ctx, std::span<const Value> args, Alg alg) {
  CUSTOS_TRY(arg_string(ctx, args, 1));
  CUSTOS_TRY_ASSIGN(auto secret, arg_string(ctx, args, 2));
  CUSTOS_TRY_ASSIGN(Token token, split_token(ctx, args[0], 1));
  CUSTOS_TRY_ASSIGN(std::string signature, decode_signature(ctx, token));
  jwa::Key key = jwa::Key::from_secret(as_bytes(secret));
  std::string input = signing_input(token);
  return Value(jwa::verify(alg, key, as_bytes(input), as_bytes(signature)).has_value());
}

// io.jwt.decode: [header, payload, hex(signature)], following cty "JWT" into nested tokens.
BuiltinResult decode(BuiltinContext& ctx, const Value& jwt_value, int depth) {
  if (depth > kMaxNesting) return berr(ctx, "JWT nesting too deep");
  CUSTOS_TRY_ASSIGN(Token token, split_token(ctx, jwt_value, 1));
  CUSTOS_TRY_ASSIGN(Value header, decode_header(ctx, token));
  auto payload_text = jwt::base64url_decode_go(token.payload);
  if (!payload_text) {
    return berr(ctx, "JWT payload had invalid encoding: " + payload_text.error().message());
  }
  if (const Value* cty = header.find("cty");
      cty != nullptr && cty->is_string() && cty->as_string() == "JWT") {
    std::string_view inner = *payload_text;
    while (!inner.empty() && (inner.front() == '"' || inner.front() == '\''))
      inner.remove_prefix(1);
    while (!inner.empty() && (inner.back() == '"' || inner.back() == '\'')) inner.remove_suffix(1);
    return decode(ctx, Value(inner), depth + 1);
  }
  auto payload = json_object(*payload_text);
  if (!payload) return berr(ctx, payload.error().message());
  auto signature = jwt::base64url_decode_go(token.signature);
  if (!signature)
    return berr(ctx, "JWT signature had invalid encoding: " + signature.error().message());
  return Value::array(
      {std::move(header), std::move(*payload), Value(hex_encode(as_bytes(*signature)))});
}

// The constraints object of io.jwt.decode_verify.
struct Constraints {
  std::string secret, alg, iss, aud;
  std::optional<std::vector<jwa::Key>> keys;
  double time = -1;
};

Result<double> time_from(const BuiltinContext& ctx, const Value& v) {
  if (!v.is_number()) return berr(ctx, "token time constraint: must be a number");
  double t = v.as_number().to_double();
  if (!std::isfinite(t)) return berr(ctx, "token time constraint: unvalid float64");
  if (t < 0) return berr(ctx, "token time constraint: must not be negative");
  return t;
}

Result<Constraints> parse_constraints(const BuiltinContext& ctx, const Value& object) {
  Constraints c;
  for (const auto& [k, v] : object.as_object()) {
    std::string name = k.is_string() ? k.as_string() : k.to_string();
    std::string* where = name == "secret" ? &c.secret
                         : name == "alg"  ? &c.alg
                         : name == "iss"  ? &c.iss
                         : name == "aud"  ? &c.aud
                                          : nullptr;
    if (where != nullptr) {
      if (!v.is_string()) return berr(ctx, name + " constraint: must be a string");
      *where = v.as_string();
    } else if (name == "cert") {
      if (!v.is_string()) return berr(ctx, "cert constraint: must be a string");
      auto keys = jwa::parse_verification_keys(v.as_string());
      if (!keys) return berr(ctx, keys.error().message());
      c.keys = std::move(*keys);
    } else if (name == "time") {
      CUSTOS_TRY_ASSIGN(c.time, time_from(ctx, v));
    } else {
      return berr(ctx, "unknown token validation constraint: " + name);
    }
  }
  if (c.time == -1) c.time = static_cast<double>(ctx.now_unix_nanos);
  int key_kinds = (c.keys ? 1 : 0) + (c.secret.empty() ? 0 : 1);
  if (key_kinds > 1) return berr(ctx, "duplicate key constraints");
  if (key_kinds < 1) return berr(ctx, "no key constraint");
  return c;
}

// Verification with the header's algorithm (decode_verify): unknown algorithms never verify.
bool verify_constrained(const Constraints& c, const Header& header, const std::string& input,
                        const std::string& signature) {
  auto alg = jwa::parse_alg(header.alg);
  if (!alg) return false;
  if (c.keys) return verify_with_keys(*alg, *c.keys, header, input, signature);
  jwa::Key key = jwa::Key::from_secret(as_bytes(c.secret));
  return jwa::verify(*alg, key, as_bytes(input), as_bytes(signature)).has_value();
}

bool valid_audience(const Value& aud, const std::string& want) {
  if (aud.is_string()) return aud.as_string() == want;
  if (!aud.is_array()) return false;
  for (const Value& item : aud.as_array()) {
    if (item.is_string() && item.as_string() == want) return true;
  }
  return false;
}

Value unverified() { return Value::array({Value(false), Value::object({}), Value::object({})}); }

BuiltinResult decode_verify(BuiltinContext& ctx, std::span<const Value> args) {
  CUSTOS_TRY_ASSIGN(const Value* object, arg_kind(ctx, args, 2, Value::Kind::kObject));
  CUSTOS_TRY_ASSIGN(Constraints c, parse_constraints(ctx, *object));
  Value current = args[0];
  Value header_value;
  std::string payload_text;
  for (int depth = 0;; ++depth) {
    if (depth > kMaxNesting) return berr(ctx, "JWT nesting too deep");
    CUSTOS_TRY_ASSIGN(Token token, split_token(ctx, current, 1));
    CUSTOS_TRY_ASSIGN(header_value, decode_header(ctx, token));
    CUSTOS_TRY_ASSIGN(Header header, parse_header(ctx, header_value));
    if (!header.valid()) return unverified();
    if (!c.alg.empty() && c.alg != header.alg) return unverified();
    CUSTOS_TRY_ASSIGN(std::string signature, decode_signature(ctx, token));
    if (!verify_constrained(c, header, signing_input(token), signature)) return unverified();
    auto p = jwt::base64url_decode_go(token.payload);
    if (!p) return berr(ctx, "JWT payload had invalid encoding: " + p.error().message());
    payload_text = std::move(*p);
    if (header.cty.size() == 3 && (header.cty[0] | 0x20) == 'j' && (header.cty[1] | 0x20) == 'w' &&
        (header.cty[2] | 0x20) == 't') {
      current = Value(payload_text);
      continue;
    }
    break;
  }
  auto payload = json_object(payload_text);
  if (!payload) return berr(ctx, payload.error().message());
  if (!c.iss.empty()) {
    const Value* iss = payload->find("iss");
    if (iss == nullptr || !iss->is_string() || iss->as_string() != c.iss) return unverified();
  }
  if (const Value* aud = payload->find("aud"); aud != nullptr) {
    if (!valid_audience(*aud, c.aud)) return unverified();
  } else if (!c.aud.empty()) {
    return unverified();
  }
  const double now_seconds = c.time / 1e9;
  auto now = Number::from_double(now_seconds);
  if (!now) return berr(ctx, "token time constraint: unvalid float64");
  if (const Value* exp = payload->find("exp"); exp != nullptr) {
    if (!exp->is_number()) return berr(ctx, "exp value must be a number");
    if (Number::compare(*now, exp->as_number()) != -1) return unverified();
  }
  if (const Value* nbf = payload->find("nbf"); nbf != nullptr) {
    if (!nbf->is_number()) return berr(ctx, "nbf value must be a number");
    if (Number::compare(*now, nbf->as_number()) == -1) return unverified();
  }
  return Value::array({Value(true), std::move(header_value), std::move(*payload)});
}

void add_verify(Registry& r, std::string name, Alg alg, bool hmac) {
  std::string alg_text(jwa::alg_name(alg));
  r.add({.name = std::move(name),
         .args = {Type::string(), Type::string()},
         .result = Type::boolean(),
         .description = "Verifies if a " + alg_text + " JWT signature is valid.",
         .category = "tokens",
         .fn = [alg, hmac](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return hmac ? verify_hmac(ctx, args, alg) : verify_asymmetric(ctx, args, alg);
         }});
}

}  // namespace

void register_jwt(Registry& r) {
  r.add({.name = "io.jwt.decode",
         .args = {Type::string()},
         .result = Type::array_of(),
         .description = "Decodes a JSON Web Token and outputs it as an object.",
         .category = "tokens",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return decode(ctx, args[0], 0);
         }});
  r.add({.name = "io.jwt.decode_verify",
         .args = {Type::string(), Type::object_of(Type::string(), Type::any())},
         .result = Type::array_of(),
         .description = "Verifies a JWT signature under parameterized constraints and decodes "
                        "the claims if it is valid.",
         .category = "tokens",
         .nondeterministic = true,
         .fn = decode_verify});
  add_verify(r, "io.jwt.verify_hs256", Alg::kHS256, true);
  add_verify(r, "io.jwt.verify_hs384", Alg::kHS384, true);
  add_verify(r, "io.jwt.verify_hs512", Alg::kHS512, true);
  add_verify(r, "io.jwt.verify_rs256", Alg::kRS256, false);
  add_verify(r, "io.jwt.verify_rs384", Alg::kRS384, false);
  add_verify(r, "io.jwt.verify_rs512", Alg::kRS512, false);
  add_verify(r, "io.jwt.verify_ps256", Alg::kPS256, false);
  add_verify(r, "io.jwt.verify_ps384", Alg::kPS384, false);
  add_verify(r, "io.jwt.verify_ps512", Alg::kPS512, false);
  add_verify(r, "io.jwt.verify_es256", Alg::kES256, false);
  add_verify(r, "io.jwt.verify_es384", Alg::kES384, false);
  add_verify(r, "io.jwt.verify_es512", Alg::kES512, false);
  add_verify(r, "io.jwt.verify_eddsa", Alg::kEdDSA, false);
}

}  // namespace custos::rego
