#pragma once
// JWS compact serialization (RFC 7515 §3.1, §5, §7.1): decode, sign and verify with a caller-chosen
// algorithm allow-list. The verifying key is always supplied by the caller: header members that
// name or carry keys (kid, jwk, jku, x5c, …) never select or replace it — a header "kid" that
// differs from the key's kid is refused.
//
// Refusals, each with a stable code:
//   kJoseMalformed         not three parts, bad base64url, header not a JSON object, no "alg"
//   kJoseAlgNotAllowed     "none", HS256 and any alg that is unknown or not in the allow-list
//   kJoseAlgKeyMismatch    the alg does not fit the key (e.g. ES256 with an Ed25519 key)
//   kJoseKidMismatch       header kid ≠ key kid (both present)
//   kJoseCritUnsupported   a "crit" entry the caller does not process (RFC 7515 §4.1.11)
//   kJoseBadSignature      any signature failure (one opaque error)
// Thread-safe (no shared state).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/hash.h"
#include "jose/alg.h"
#include "jose/jwk.h"
#include "json/value.h"

namespace custos::jose {

// A split and decoded compact JWS. Nothing here is verified unless returned by verify_compact.
struct DecodedJws {
  json::Value header;            // the protected header (a JSON object)
  std::string alg_name;          // "alg" as written
  std::optional<Algorithm> alg;  // nullopt for algorithms custos never accepts
  std::string kid;               // empty when absent
  std::string header_b64, payload_b64;
  Bytes payload;
  Bytes signature;
  // ASCII(BASE64URL(header)) || '.' || BASE64URL(payload) (RFC 7515 §5.1 step 5).
  std::string signing_input() const { return header_b64 + "." + payload_b64; }
};

// Inputs larger than this are refused as malformed.
inline constexpr std::size_t kMaxCompactLength = 1 << 20;

// Splits and decodes. Error: kJoseMalformed. With `detached_payload_b64`, the middle part must be
// empty and the given base64url payload is used instead (RFC 7515 Appendix F).
Result<DecodedJws> decode_compact(std::string_view compact,
                                  std::optional<std::string_view> detached_payload_b64 = {});

struct VerifyOptions {
  // Algorithms the caller accepts. Empty accepts nothing.
  std::vector<Algorithm> allowed_algorithms{};
  // Extension header parameters the caller understands and checks itself (for "crit").
  std::vector<std::string> understood_crit{};
  // When non-empty, the header "typ" must equal it.
  std::string expected_typ{};
};

// Decodes and verifies against `key` (public part used). Errors: see the file comment.
[[nodiscard]] Result<DecodedJws> verify_compact(
    std::string_view compact, const Jwk& key, const VerifyOptions& options,
    std::optional<std::string_view> detached_payload_b64 = {});

struct SignOptions {
  // The "alg" spelling to write (e.g. "EDDSA" for the reference); empty → algorithm_name(alg).
  std::string alg_name{};
  // Header "kid": std::nullopt → the key's kid (omitted if empty); "" → omitted.
  std::optional<std::string> kid{};
  // Header "typ" (omitted if empty).
  std::string typ{};
  // Further header members, written after alg, kid and typ (must not repeat them).
  json::Object extra_header{};
};

// Signs `payload` with the private part of `key`. Errors: kJoseAlgKeyMismatch when alg does not fit
// the key, kJoseBadJwk without a private key, kInvalidArgument for a bad alg_name.
Result<std::string> sign_compact(ByteView payload, const Jwk& key, Algorithm alg,
                                 const SignOptions& options = {});

// The raw signature layer (RFC 7518 §3): EdDSA 64 bytes; ES256K / ES256 r||s 64 bytes (ES256K
// signed low-S); RS256 k bytes; EIP191 r||s||v with v = 27/28 over eip191_hash(input).
Result<Bytes> create_signature(Algorithm alg, const Jwk& key, ByteView signing_input);

// Verifies a raw signature. ES256K accepts 64 bytes (high-S tolerated, RFC 8812 does not forbid
// it) and the reference's 65-byte r||s||v; address-only keys are checked by recovery. EIP191
// needs 65 bytes, low-S. Error: kJoseAlgKeyMismatch, or kJoseBadSignature for any failure.
[[nodiscard]] Result<void> verify_signature(Algorithm alg, const Jwk& key, ByteView signing_input,
                                            ByteView signature);

// EIP-191 version 0x45: keccak256("\x19Ethereum Signed Message:\n" + decimal(len) + message).
crypto::Keccak256Digest eip191_hash(ByteView message);

}  // namespace custos::jose
