#pragma once
// JSON Web Keys (RFC 7517) for the key types custos signs and verifies with:
//   OKP Ed25519 (RFC 8037), EC secp256k1 (RFC 8812) and P-256 (RFC 7518 §6.2), RSA (§6.3),
//   and the reference's Ethereum-address form {kty:"EC", crv:"secp256k1", alg:"ES256K", kid, addr}
//   (an externally owned account known only by its address; signatures are checked by recovery).
//
// Parsing validates everything before a key exists: base64url is strict, coordinates have the
// exact length, points are on the curve (Ed25519 small-order / non-canonical points refused), a
// private part must derive the given public part, "addr" must match x/y when both are present, and
// "alg" (optional) must fit the key type. A `kid` is only a label: it never stands in for key
// material, and nothing is derived from a kid alone.
//
// Jwk is an immutable value: copies share the (wiped-on-destruction) private key. Thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/rng.h"
#include "crypto/ecdsa.h"
#include "crypto/ed25519.h"
#include "crypto/rsa.h"
#include "crypto/secp256k1.h"
#include "jose/alg.h"
#include "json/value.h"

namespace custos::jose {

class Jwk {
 public:
  enum class Kind { kEd25519, kSecp256k1, kSecp256k1Address, kP256, kRsa };

  // Parses and validates a JWK object. Error: kJoseBadJwk (with the reason), never a partial key.
  static Result<Jwk> parse(const json::Value& object);
  // Parses JSON text (strict) and then the JWK. Error: kJson* or kJoseBadJwk.
  static Result<Jwk> parse_text(std::string_view json_text);
  // Text must go through parse_text: json::Value converts implicitly from strings, so without
  // these a string would silently be parsed as a JSON *string* value and refused at run time.
  static Result<Jwk> parse(std::string_view) = delete;
  static Result<Jwk> parse(const std::string&) = delete;
  static Result<Jwk> parse(const char*) = delete;

  // Builders from key material. `kid` empty → the reference's default kid (see default_kid()).
  static Jwk from_ed25519(crypto::ed25519::PublicKey key, std::string kid = {});
  static Jwk from_ed25519(crypto::ed25519::PrivateKey key, std::string kid = {});
  static Jwk from_secp256k1(const crypto::secp256k1::PublicKey& key, std::string kid = {});
  static Jwk from_secp256k1(crypto::secp256k1::PrivateKey key, std::string kid = {});
  static Jwk from_address(const crypto::secp256k1::Address& address, std::string kid = {});
  static Jwk from_p256(const crypto::ecdsa::P256PublicKey& key, std::string kid = {});
  static Jwk from_p256(crypto::ecdsa::P256PrivateKey key, std::string kid = {});
  static Jwk from_rsa(const crypto::rsa::PublicKey& key, std::string kid = {});
  static Jwk from_rsa(crypto::rsa::PrivateKey key, std::string kid = {});

  // A fresh private key for `alg` (EdDSA, ES256K/EIP191, ES256, RS256 2048-bit).
  // Error: kCryptoFailure (RSA generation only).
  static Result<Jwk> generate(Algorithm alg, Rng& rng, std::string kid = {});

  Kind kind() const { return kind_; }
  bool has_private() const;
  bool is_address_only() const { return kind_ == Kind::kSecp256k1Address; }
  const std::string& kid() const { return kid_; }
  // The "alg" member as written (may be empty).
  const std::string& alg() const { return alg_; }

  // The same key without private parts.
  Jwk public_only() const;

  // Serializes: kty, crv, alg, kid, use, then x / y / addr / n / e, then private members when
  // `include_private` (d, p, q, dp, dq, qi). Full secp256k1 keys are written without "addr", as
  // the reference writes them; the address-only form writes the EIP-55 "addr".
  json::Value to_json(bool include_private = false) const;

  // RFC 7638 thumbprint (SHA-256, base64url). Error: kUnsupported for the address-only form.
  Result<std::string> thumbprint() const;

  // The reference's kid for this key: secp256k1 (and address form) "0x"+hex(sha256(lower-case
  // "0x" address)); Ed25519 "0x"+hex(sha256("0x"+hex(x))); P-256 the EIP-55 address of keccak256
  // (X||Y); RSA "0x"+hex(sha256(base64-decode of n ":" e, the reference's decoder skipping ':')).
  std::string default_kid() const;

  // Whether `alg` can be used with this key (EIP191 and ES256K both fit secp256k1 keys; a key's
  // own "alg" member, when present, must agree: ES256K keys also serve EIP191).
  bool fits(Algorithm alg) const;

  // True when both are the same public key (address-only keys compare by address, and match a
  // full secp256k1 key with that address).
  bool same_public_key(const Jwk& other) const;

  // Key material accessors; nullptr when this key is of another kind or has no private part.
  const crypto::ed25519::PublicKey* ed25519() const { return ed_pub_ ? &*ed_pub_ : nullptr; }
  const crypto::ed25519::PrivateKey* ed25519_private() const { return ed_priv_.get(); }
  const crypto::secp256k1::PublicKey* secp256k1() const { return k1_pub_ ? &*k1_pub_ : nullptr; }
  const crypto::secp256k1::PrivateKey* secp256k1_private() const { return k1_priv_.get(); }
  // The Ethereum address (secp256k1 kinds only).
  std::optional<crypto::secp256k1::Address> address() const;
  const crypto::ecdsa::P256PublicKey* p256() const { return p256_pub_ ? &*p256_pub_ : nullptr; }
  const crypto::ecdsa::P256PrivateKey* p256_private() const { return p256_priv_.get(); }
  const crypto::rsa::PublicKey* rsa() const { return rsa_pub_ ? &*rsa_pub_ : nullptr; }
  const crypto::rsa::PrivateKey* rsa_private() const { return rsa_priv_.get(); }

 private:
  explicit Jwk(Kind kind) : kind_(kind) {}
  void finish(std::string kid);

  Kind kind_;
  std::string kid_;
  std::string alg_;
  std::string use_;
  std::optional<crypto::ed25519::PublicKey> ed_pub_;
  std::shared_ptr<const crypto::ed25519::PrivateKey> ed_priv_;
  std::optional<crypto::secp256k1::PublicKey> k1_pub_;
  std::shared_ptr<const crypto::secp256k1::PrivateKey> k1_priv_;
  crypto::secp256k1::Address address_{};
  std::optional<crypto::ecdsa::P256PublicKey> p256_pub_;
  std::shared_ptr<const crypto::ecdsa::P256PrivateKey> p256_priv_;
  std::optional<crypto::rsa::PublicKey> rsa_pub_;
  std::shared_ptr<const crypto::rsa::PrivateKey> rsa_priv_;
};

}  // namespace custos::jose
