#pragma once
// The full JWS algorithm set of RFC 7518 §3 (HS/RS/PS/ES 256/384/512) and EdDSA/Ed25519
// (RFC 8037 §3.1), over OpenSSL 3 EVP, with keys as OPA's io.jwt builtins accept them: PEM
// certificates and SPKI public keys, JWKs (RSA, EC P-256/384/521, OKP Ed25519, oct) and JWK Sets.
//
// This is a separate, policy-free layer beside jws.h: jws.h keeps custos' own allow-list (no HMAC,
// no header-selected keys) for the custody protocols; this file exists for Rego's io.jwt.* whose
// semantics (e.g. HS256 with a shared secret) are fixed by OPA. Nothing here chooses an algorithm
// from a token: callers pass the algorithm and the key explicitly.
//
// Keys are immutable values (copies share the OpenSSL key; HMAC secrets are wiped on
// destruction). Thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/secret.h"
#include "json/value.h"

struct evp_pkey_st;

namespace custos::jose::jwa {

// RFC 7518 §3.1 "alg" values handled here (OPA's tokenAlgorithms).
enum class Alg {
  kHS256,
  kHS384,
  kHS512,
  kRS256,
  kRS384,
  kRS512,
  kPS256,
  kPS384,
  kPS512,
  kES256,
  kES384,
  kES512,
  kEdDSA
};

// Exact, case-sensitive names ("HS256", …, "EdDSA"); std::nullopt for anything else ("none").
std::optional<Alg> parse_alg(std::string_view name);
std::string_view alg_name(Alg alg);

// A signing or verification key.
class Key {
 public:
  enum class Type { kRsa, kEc, kEd25519, kOct };

  // An HMAC secret (any length, also empty).
  static Key from_secret(ByteView secret);
  // One PEM block "CERTIFICATE" (its subject public key; the certificate itself is not
  // validated, as in OPA) or "PUBLIC KEY" (SPKI). Errors (kJoseBadJwk) use OPA's wording:
  // "failed to parse a PEM certificate", "failed to parse a PEM public key",
  // "failed to extract a Key from the PEM certificate", "extra data after a PEM certificate block".
  static Result<Key> from_pem(std::string_view pem);
  // One JWK object (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2). Private members ("d", RSA CRT
  // parameters) are used when present; EC points are checked to be on the curve and private keys
  // to match their public part. Error: kJoseBadJwk with the reason.
  static Result<Key> from_jwk(const json::Value& jwk);

  Type type() const { return type_; }
  // The JWK "kid" and "alg" members ("" when absent or for PEM keys).
  const std::string& kid() const { return kid_; }
  const std::string& alg() const { return alg_; }
  bool has_private() const { return has_private_; }
  // Whether `alg` may be used with this key (family and, for ECDSA, the curve).
  bool fits(Alg alg) const;

  // For the implementation: the OpenSSL key (nullptr for kOct) and the HMAC secret.
  evp_pkey_st* pkey() const { return pkey_.get(); }
  ByteView secret() const;

 private:
  Type type_ = Type::kOct;
  int ec_bits_ = 0;  // 256, 384, 521 for kEc
  bool has_private_ = false;
  std::string kid_, alg_;
  std::shared_ptr<evp_pkey_st> pkey_;
  std::shared_ptr<const SecretBytes> secret_;
};

// OPA's key argument of io.jwt.verify_* and the "cert" constraint: a PEM block (see from_pem),
// a JWK object, or a JWK Set {"keys": [...]}. Keys of a set whose "alg" is not an Alg are skipped.
// Errors (kJoseBadJwk): PEM errors as above, "failed to parse a JWK key (set): <reason>".
Result<std::vector<Key>> parse_verification_keys(std::string_view text);

// A JWK object or a JWK Set (first key used), as io.jwt.encode_sign takes it.
// Error: kJoseBadJwk ("no keys found in JWK set" for an empty set).
Result<Key> parse_signing_jwk(std::string_view text);

// Verifies `signature` over `signing_input` (RFC 7515 §5.2 step 8). ES* need r || s of exactly
// twice the field size (RFC 7518 §3.4); PS* accept any salt length (as Go's VerifyPSS with nil
// options). Error: kJoseAlgKeyMismatch when the key does not fit, else kJoseBadSignature.
[[nodiscard]] Result<void> verify(Alg alg, const Key& key, ByteView signing_input,
                                  ByteView signature);

// Signs (RFC 7515 §5.1 step 5): HMAC, PKCS#1 v1.5, PSS with salt = hash length, ECDSA as r || s,
// Ed25519. Errors: kJoseAlgKeyMismatch, kJoseBadJwk without a private key, kCryptoFailure.
Result<Bytes> sign(Alg alg, const Key& key, ByteView signing_input);

}  // namespace custos::jose::jwa
