// JWS compact: see jws.h.

#include "jose/jws.h"

#include <algorithm>

#include "json/parse.h"
#include "json/serialize.h"

namespace custos::jose {
namespace {

namespace k1 = crypto::secp256k1;

tl::unexpected<Error> malformed(std::string why) {
  return fail(ErrorCode::kJoseMalformed, std::move(why));
}
tl::unexpected<Error> bad_signature() {
  return fail(ErrorCode::kJoseBadSignature, "signature verification failed");
}

// Header names registered by RFC 7515 §4.1 (and RFC 7797 b64): never allowed in "crit".
bool is_registered_header(std::string_view name) {
  static constexpr std::string_view kNames[] = {"alg", "jku",      "jwk", "kid", "x5u", "x5c",
                                                "x5t", "x5t#S256", "typ", "cty", "crit"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

Result<void> check_crit(const json::Value& header, const VerifyOptions& options) {
  const json::Value* crit = header.find("crit");
  if (crit == nullptr) {
    if (const json::Value* b64 = header.find("b64"); b64 != nullptr) {
      return fail(ErrorCode::kJoseCritUnsupported, "\"b64\" must be listed in \"crit\"");
    }
    return {};
  }
  if (!crit->is_array() || crit->as_array().empty()) {
    return malformed("\"crit\" must be a non-empty array of strings");
  }
  std::vector<std::string> seen;
  for (const json::Value& item : crit->as_array()) {
    if (!item.is_string() || item.as_string().empty()) {
      return malformed("\"crit\" must be a non-empty array of strings");
    }
    const std::string& name = item.as_string();
    if (is_registered_header(name)) return malformed("\"crit\" lists a registered header");
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return malformed("\"crit\" lists a name twice");
    }
    seen.push_back(name);
    if (!header.contains(name)) {
      return fail(ErrorCode::kJoseCritUnsupported, "\"crit\" names absent header \"" + name + "\"");
    }
    bool understood = std::find(options.understood_crit.begin(), options.understood_crit.end(),
                                name) != options.understood_crit.end();
    // b64 = true is the default encoding and needs no processing; b64 = false (RFC 7797) is not
    // supported.
    if (name == "b64") {
      const json::Value* b64 = header.find("b64");
      understood = b64->is_bool() && b64->as_bool();
    }
    if (!understood) {
      return fail(ErrorCode::kJoseCritUnsupported, "unsupported critical header \"" + name + "\"");
    }
  }
  return {};
}

std::string_view next_part(std::string_view& rest, bool& ok) {
  auto dot = rest.find('.');
  if (dot == std::string_view::npos) {
    ok = false;
    return {};
  }
  std::string_view part = rest.substr(0, dot);
  rest.remove_prefix(dot + 1);
  return part;
}

}  // namespace

crypto::Keccak256Digest eip191_hash(ByteView message) {
  crypto::Keccak256 hasher;
  hasher.update(
      std::string_view("\x19"
                       "Ethereum Signed Message:\n"));
  hasher.update(std::to_string(message.size()));
  hasher.update(message);
  return hasher.finish();
}

Result<DecodedJws> decode_compact(std::string_view compact,
                                  std::optional<std::string_view> detached_payload_b64) {
  if (compact.size() > kMaxCompactLength) return malformed("JWS too large");
  std::string_view rest = compact;
  bool ok = true;
  std::string_view header_b64 = next_part(rest, ok);
  std::string_view payload_b64 = next_part(rest, ok);
  std::string_view signature_b64 = rest;
  if (!ok || signature_b64.find('.') != std::string_view::npos) {
    return malformed("a compact JWS has exactly three parts");
  }
  if (detached_payload_b64) {
    if (!payload_b64.empty()) return malformed("a detached JWS has an empty payload part");
    payload_b64 = *detached_payload_b64;
  }
  DecodedJws out;
  auto header_bytes = base64url_decode(header_b64);
  auto payload = base64url_decode(payload_b64);
  auto signature = base64url_decode(signature_b64);
  if (!header_bytes || !payload || !signature) return malformed("JWS part is not base64url");
  auto header = json::parse(as_string_view(*header_bytes), {.max_depth = 32});
  if (!header) return malformed("JWS header is not JSON: " + header.error().message());
  if (!header->is_object()) return malformed("JWS header is not a JSON object");
  const json::Value* alg = header->find("alg");
  if (alg == nullptr || !alg->is_string()) return malformed("JWS header has no string \"alg\"");
  if (const json::Value* kid = header->find("kid"); kid != nullptr) {
    if (!kid->is_string()) return malformed("JWS header \"kid\" is not a string");
    out.kid = kid->as_string();
  }
  out.alg_name = alg->as_string();
  out.alg = parse_algorithm(out.alg_name);
  out.header = std::move(*header);
  out.header_b64 = std::string(header_b64);
  out.payload_b64 = std::string(payload_b64);
  out.payload = std::move(*payload);
  out.signature = std::move(*signature);
  return out;
}

Result<DecodedJws> verify_compact(std::string_view compact, const Jwk& key,
                                  const VerifyOptions& options,
                                  std::optional<std::string_view> detached_payload_b64) {
  CUSTOS_TRY_ASSIGN(DecodedJws jws, decode_compact(compact, detached_payload_b64));
  if (!jws.alg || std::find(options.allowed_algorithms.begin(), options.allowed_algorithms.end(),
                            *jws.alg) == options.allowed_algorithms.end()) {
    return fail(ErrorCode::kJoseAlgNotAllowed, "algorithm \"" + jws.alg_name + "\" not allowed");
  }
  CUSTOS_TRY(check_crit(jws.header, options));
  if (!options.expected_typ.empty()) {
    const json::Value* typ = jws.header.find("typ");
    if (typ == nullptr || !typ->is_string() || typ->as_string() != options.expected_typ) {
      return malformed("JWS \"typ\" is not \"" + options.expected_typ + "\"");
    }
  }
  if (!key.fits(*jws.alg)) {
    return fail(ErrorCode::kJoseAlgKeyMismatch,
                "algorithm \"" + jws.alg_name + "\" does not fit the key");
  }
  if (!jws.kid.empty() && !key.kid().empty() && jws.kid != key.kid()) {
    return fail(ErrorCode::kJoseKidMismatch, "header kid does not match the key");
  }
  std::string input = jws.signing_input();
  CUSTOS_TRY(verify_signature(*jws.alg, key, as_bytes(input), jws.signature));
  return jws;
}

Result<std::string> sign_compact(ByteView payload, const Jwk& key, Algorithm alg,
                                 const SignOptions& options) {
  std::string alg_name =
      options.alg_name.empty() ? std::string(algorithm_name(alg)) : options.alg_name;
  if (parse_algorithm(alg_name) != alg) {
    return fail(ErrorCode::kInvalidArgument, "alg spelling does not name the algorithm");
  }
  json::Value header = json::Value::object({{"alg", alg_name}});
  std::string kid = options.kid.value_or(key.kid());
  if (!kid.empty()) header.set("kid", kid);
  if (!options.typ.empty()) header.set("typ", options.typ);
  for (const auto& [name, value] : options.extra_header) {
    if (header.contains(name)) return fail(ErrorCode::kInvalidArgument, "duplicate header " + name);
    header.set(name, value);
  }
  std::string input =
      base64url_encode(as_bytes(json::serialize(header))) + "." + base64url_encode(payload);
  CUSTOS_TRY_ASSIGN(Bytes signature, create_signature(alg, key, as_bytes(input)));
  return input + "." + base64url_encode(signature);
}

Result<Bytes> create_signature(Algorithm alg, const Jwk& key, ByteView input) {
  if (!key.fits(alg)) {
    return fail(ErrorCode::kJoseAlgKeyMismatch, "algorithm does not fit the signing key");
  }
  if (!key.has_private()) return fail(ErrorCode::kJoseBadJwk, "signing needs a private key");
  switch (alg) {
    case Algorithm::kEdDSA: {
      auto sig = crypto::ed25519::sign(*key.ed25519_private(), input);
      return Bytes(sig.begin(), sig.end());
    }
    case Algorithm::kES256K: {
      CUSTOS_TRY_ASSIGN(auto sig, k1::sign(*key.secp256k1_private(), crypto::sha256(input)));
      return Bytes(sig.begin(), sig.end());
    }
    case Algorithm::kEIP191: {
      CUSTOS_TRY_ASSIGN(auto sig,
                        k1::sign_recoverable(*key.secp256k1_private(), eip191_hash(input)));
      sig[64] = static_cast<std::uint8_t>(sig[64] + 27);
      return Bytes(sig.begin(), sig.end());
    }
    case Algorithm::kES256: {
      CUSTOS_TRY_ASSIGN(auto sig, crypto::ecdsa::sign(*key.p256_private(), input));
      return Bytes(sig.begin(), sig.end());
    }
    case Algorithm::kRS256: return crypto::rsa::sign_pkcs1_sha256(*key.rsa_private(), input);
  }
  return fail(ErrorCode::kInternal, "unknown algorithm");
}

namespace {

// Checks a secp256k1 signature against an address by public-key recovery.
bool recovers_to(const k1::Digest& digest, ByteView sig, const k1::Address& address) {
  if (sig.size() != 64 && sig.size() != 65) return false;
  k1::RecoverableSignature rs{};
  std::copy(sig.begin(), sig.begin() + 64, rs.begin());
  std::vector<std::uint8_t> candidates;
  if (sig.size() == 65) {
    candidates.push_back(sig[64]);
  } else {
    candidates = {0, 1};
  }
  for (std::uint8_t v : candidates) {
    rs[64] = v;
    auto pub = k1::recover(digest, rs);
    if (pub && constant_time_equal(pub->address(), address)) return true;
  }
  return false;
}

bool valid_v(std::uint8_t v) { return v == 0 || v == 1 || v == 27 || v == 28; }

}  // namespace

Result<void> verify_signature(Algorithm alg, const Jwk& key, ByteView input, ByteView sig) {
  if (!key.fits(alg)) {
    return fail(ErrorCode::kJoseAlgKeyMismatch, "algorithm does not fit the verifying key");
  }
  bool ok = false;
  switch (alg) {
    case Algorithm::kEdDSA: ok = bool(crypto::ed25519::verify(*key.ed25519(), input, sig)); break;
    case Algorithm::kES256K: {
      auto digest = crypto::sha256(input);
      if (sig.size() == 65 && !valid_v(sig[64])) break;
      if (key.is_address_only()) {
        ok = recovers_to(digest, sig, *key.address());
      } else if (sig.size() == 64 || sig.size() == 65) {
        k1::Signature rs{};
        std::copy(sig.begin(), sig.begin() + 64, rs.begin());
        ok = bool(k1::verify(*key.secp256k1(), digest, rs, /*allow_high_s=*/true));
      }
      break;
    }
    case Algorithm::kEIP191: {
      if (sig.size() != 65 || !valid_v(sig[64])) break;
      auto digest = eip191_hash(input);
      if (key.is_address_only()) {
        ok = recovers_to(digest, sig, *key.address());
      } else {
        k1::Signature rs{};
        std::copy(sig.begin(), sig.begin() + 64, rs.begin());
        ok = bool(k1::verify(*key.secp256k1(), digest, rs));
      }
      break;
    }
    case Algorithm::kES256: ok = bool(crypto::ecdsa::verify(*key.p256(), input, sig)); break;
    case Algorithm::kRS256:
      ok = bool(crypto::rsa::verify_pkcs1_sha256(*key.rsa(), input, sig));
      break;
  }
  if (!ok) return bad_signature();
  return {};
}

}  // namespace custos::jose
