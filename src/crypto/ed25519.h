#pragma once
// Ed25519 (RFC 8032 §5.1) through libsodium. Public keys are checked on parse: canonical
// encoding, on the curve, not of small order (libsodium crypto_core_ed25519_is_valid_point).
// Verification also refuses non-canonical S and small-order R (libsodium 1.0.18 rules).
// Thread-safe.

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"

namespace custos::crypto::ed25519 {

inline constexpr std::size_t kSeedSize = 32;
inline constexpr std::size_t kPublicKeySize = 32;
inline constexpr std::size_t kSignatureSize = 64;

using PublicKeyBytes = std::array<std::uint8_t, kPublicKeySize>;
using Signature = std::array<std::uint8_t, kSignatureSize>;

// A validated Ed25519 public key (point A, 32-byte encoding).
class PublicKey {
 public:
  // Error: kCryptoBadKey for a wrong length, non-canonical, off-curve or small-order encoding.
  static Result<PublicKey> parse(ByteView encoded);
  const PublicKeyBytes& bytes() const { return bytes_; }
  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  friend class PrivateKey;
  explicit PublicKey(const PublicKeyBytes& bytes) : bytes_(bytes) {}
  PublicKeyBytes bytes_{};
};

// A private key: the RFC 8032 32-byte seed (JWK "d", RFC 8037) and its expanded libsodium form.
// Move-only, wiped on destruction.
class PrivateKey {
 public:
  // Error: kCryptoBadKey unless `seed` is 32 bytes.
  static Result<PrivateKey> from_seed(ByteView seed);
  static PrivateKey generate(Rng& rng);

  PrivateKey(PrivateKey&& other) noexcept;
  PrivateKey& operator=(PrivateKey&& other) noexcept;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  ~PrivateKey();

  PrivateKey clone() const;
  PublicKey public_key() const { return PublicKey(public_); }
  // The seed (JWK "d"). Do not log.
  ByteView seed() const { return {expanded_.data(), kSeedSize}; }
  // libsodium's 64-byte secret key (seed || A), for crypto_sign_detached.
  ByteView expanded() const { return {expanded_.data(), expanded_.size()}; }

 private:
  PrivateKey() = default;
  std::array<std::uint8_t, 64> expanded_{};
  PublicKeyBytes public_{};
};

// Signs `message` (pure Ed25519, deterministic). Never fails.
Signature sign(const PrivateKey& key, ByteView message);

// Verifies; any failure is kCryptoVerifyFailed.
[[nodiscard]] Result<void> verify(const PublicKey& key, ByteView message,
                                  const Signature& signature);
// Same, for a signature of unchecked length (wrong length fails verification).
[[nodiscard]] Result<void> verify(const PublicKey& key, ByteView message, ByteView signature);

}  // namespace custos::crypto::ed25519
