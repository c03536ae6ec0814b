#pragma once
// RSA PKCS #1 v1.5 signatures with SHA-256 (RFC 8017 §8.2, JOSE RS256) through OpenSSL 3.
// Moduli below 2048 bits are refused. Key generation and blinding use OpenSSL's CSPRNG.
// Thread-safe: keys are immutable after construction.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/bytes.h"
#include "base/result.h"
#include "base/secret.h"

struct evp_pkey_st;

namespace custos::crypto::rsa {

inline constexpr std::size_t kMinModulusBits = 2048;

// A public key (n, e). Integers are big-endian bytes without leading zeros.
class PublicKey {
 public:
  // Error: kCryptoBadKey for a modulus under 2048 bits, an even modulus or e < 3 or even.
  static Result<PublicKey> from_components(ByteView n, ByteView e);
  const Bytes& n() const { return n_; }
  const Bytes& e() const { return e_; }
  std::size_t modulus_bits() const;
  evp_pkey_st* native() const { return pkey_.get(); }
  friend bool operator==(const PublicKey& a, const PublicKey& b) {
    return a.n_ == b.n_ && a.e_ == b.e_;
  }

 private:
  friend class PrivateKey;
  PublicKey() = default;
  Bytes n_, e_;
  std::shared_ptr<evp_pkey_st> pkey_;
};

// The private CRT components, as in a JWK (RFC 7518 §6.3.2). Wiped on destruction.
struct PrivateComponents {
  SecretBytes d, p, q, dp, dq, qi;
};

// A private key. Move-only.
class PrivateKey {
 public:
  // A fresh key with e = 65537. Error: kInvalidArgument for bits < 2048, kCryptoFailure.
  static Result<PrivateKey> generate(std::size_t bits = 2048);
  // From JWK components (all eight required). OpenSSL checks p*q = n and the CRT values.
  // Error: kCryptoBadKey.
  static Result<PrivateKey> from_components(ByteView n, ByteView e,
                                            const PrivateComponents& private_parts);
  PrivateKey(PrivateKey&&) noexcept = default;
  PrivateKey& operator=(PrivateKey&&) noexcept = default;

  const PublicKey& public_key() const { return public_; }
  // Exports d, p, q, dp, dq, qi. Error: kCryptoFailure.
  Result<PrivateComponents> components() const;
  evp_pkey_st* native() const { return pkey_.get(); }

 private:
  PrivateKey() = default;
  PublicKey public_;
  std::shared_ptr<evp_pkey_st> pkey_;
};

// RSASSA-PKCS1-v1_5 with SHA-256 over `message`. Error: kCryptoFailure.
Result<Bytes> sign_pkcs1_sha256(const PrivateKey& key, ByteView message);

// Verifies; wrong length or mismatch is the one opaque error kCryptoVerifyFailed.
[[nodiscard]] Result<void> verify_pkcs1_sha256(const PublicKey& key, ByteView message,
                                               ByteView signature);

}  // namespace custos::crypto::rsa
