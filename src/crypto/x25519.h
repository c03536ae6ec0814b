#pragma once
// X25519 Diffie-Hellman (RFC 7748 §5) through libsodium. A shared secret that is all zeros (the
// peer sent a small-order point) is refused. Thread-safe.

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"

namespace custos::crypto::x25519 {

inline constexpr std::size_t kKeySize = 32;
using PublicKey = std::array<std::uint8_t, kKeySize>;

// A 32-byte shared secret; move-only, wiped on destruction.
class SharedSecret {
 public:
  SharedSecret(SharedSecret&& other) noexcept;
  SharedSecret& operator=(SharedSecret&& other) noexcept;
  SharedSecret(const SharedSecret&) = delete;
  SharedSecret& operator=(const SharedSecret&) = delete;
  ~SharedSecret();
  ByteView bytes() const { return {bytes_.data(), bytes_.size()}; }

 private:
  friend class PrivateKey;
  SharedSecret() = default;
  std::array<std::uint8_t, kKeySize> bytes_{};
};

// An X25519 private scalar; move-only, wiped on destruction.
class PrivateKey {
 public:
  // Error: kCryptoBadKey unless 32 bytes (clamping happens inside X25519, RFC 7748 §5).
  static Result<PrivateKey> from_bytes(ByteView bytes);
  static PrivateKey generate(Rng& rng);

  PrivateKey(PrivateKey&& other) noexcept;
  PrivateKey& operator=(PrivateKey&& other) noexcept;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  ~PrivateKey();

  PublicKey public_key() const;
  ByteView secret_bytes() const { return {scalar_.data(), scalar_.size()}; }

  // X25519(k, peer). Error: kCryptoBadKey if the result is all zeros (small-order peer point).
  Result<SharedSecret> agree(const PublicKey& peer) const;

 private:
  PrivateKey() = default;
  std::array<std::uint8_t, kKeySize> scalar_{};
};

}  // namespace custos::crypto::x25519
