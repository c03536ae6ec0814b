#pragma once
// ECDSA over secp256k1 (SEC 2 §2.4.1) through libsecp256k1: keys, signing of 32-byte digests with
// RFC 6979 deterministic nonces and low-S (EIP-2) signatures, public-key recovery, verification,
// and Ethereum addresses (Yellow Paper eq. 284: last 20 bytes of keccak256(X || Y)).
//
// All functions are thread-safe (one shared, randomised, read-only libsecp256k1 context).
// Nothing here hashes the message: callers pass the digest (SHA-256 for ES256K, keccak256 for
// Ethereum).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"

namespace custos::crypto::secp256k1 {

inline constexpr std::size_t kPrivateKeySize = 32;
inline constexpr std::size_t kCompressedPublicKeySize = 33;
inline constexpr std::size_t kUncompressedPublicKeySize = 65;
inline constexpr std::size_t kSignatureSize = 64;             // r || s, big-endian
inline constexpr std::size_t kRecoverableSignatureSize = 65;  // r || s || v
inline constexpr std::size_t kAddressSize = 20;

using Digest = std::array<std::uint8_t, 32>;
using CompressedPublicKey = std::array<std::uint8_t, kCompressedPublicKeySize>;
using UncompressedPublicKey = std::array<std::uint8_t, kUncompressedPublicKeySize>;
using Signature = std::array<std::uint8_t, kSignatureSize>;
using RecoverableSignature = std::array<std::uint8_t, kRecoverableSignatureSize>;
using Address = std::array<std::uint8_t, kAddressSize>;

// A public key: a valid point on the curve (never the point at infinity).
class PublicKey {
 public:
  // Parses SEC 1 encodings: 33 bytes (0x02/0x03 || X) or 65 bytes (0x04 || X || Y). Hybrid
  // encodings (0x06/0x07), off-curve points and other lengths are refused. Error: kCryptoBadKey.
  static Result<PublicKey> parse(ByteView encoded);

  CompressedPublicKey compressed() const;
  const UncompressedPublicKey& uncompressed() const { return uncompressed_; }
  // X and Y coordinates, 32 bytes big-endian each (for JWK x / y).
  std::array<std::uint8_t, 32> x() const;
  std::array<std::uint8_t, 32> y() const;
  // The Ethereum address: keccak256(X || Y)[12..32].
  Address address() const;

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  friend class PrivateKey;
  explicit PublicKey(const UncompressedPublicKey& point) : uncompressed_(point) {}
  UncompressedPublicKey uncompressed_{};
};

// A private key: a scalar in [1, n-1]. Move-only; wiped on destruction; never printable.
class PrivateKey {
 public:
  // Error: kCryptoBadKey unless `bytes` is 32 bytes encoding 0 < k < n.
  static Result<PrivateKey> from_bytes(ByteView bytes);
  // A fresh uniformly random key from `rng`.
  static PrivateKey generate(Rng& rng);

  PrivateKey(PrivateKey&& other) noexcept;
  PrivateKey& operator=(PrivateKey&& other) noexcept;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  ~PrivateKey();

  // An explicit deep copy.
  PrivateKey clone() const { return PrivateKey(scalar_); }
  // The public key d·G.
  PublicKey public_key() const;
  // The secret scalar, 32 bytes big-endian. Handle with care (do not log).
  ByteView secret_bytes() const { return {scalar_.data(), scalar_.size()}; }

 private:
  explicit PrivateKey(const std::array<std::uint8_t, 32>& scalar) : scalar_(scalar) {}
  std::array<std::uint8_t, 32> scalar_{};
};

// Signs a 32-byte digest (RFC 6979 nonce, low-S). Returns r || s. Error: kCryptoFailure (only if
// libsecp256k1 refuses, which a valid key never causes).
Result<Signature> sign(const PrivateKey& key, const Digest& digest);

// Signs a 32-byte digest (RFC 6979 nonce, low-S) and returns r || s || v with v = the recovery id
// (0 or 1; add 27 for Ethereum's personal_sign form). Error: kCryptoFailure.
Result<RecoverableSignature> sign_recoverable(const PrivateKey& key, const Digest& digest);

// Verifies r || s over `digest`. r and s must be in [1, n-1] and s must be low (s <= n/2, EIP-2)
// unless `allow_high_s` is set (RFC 8812 does not require low-S; JOSE verifiers may accept it).
// Any failure is the one opaque error kCryptoVerifyFailed.
[[nodiscard]] Result<void> verify(const PublicKey& key, const Digest& digest,
                                  const Signature& signature, bool allow_high_s = false);

// Recovers the public key from r || s || v; v may be 0, 1, 27 or 28. s must be low (EIP-2).
// Error: kCryptoVerifyFailed for any signature that does not recover a key.
[[nodiscard]] Result<PublicKey> recover(const Digest& digest,
                                        const RecoverableSignature& signature);

// Lower-case "0x"-prefixed hex of an address (40 hex digits).
std::string address_hex(const Address& address);
// EIP-55 mixed-case checksum form ("0x" + 40 hex digits).
std::string address_checksummed(const Address& address);
// Parses "0x" + 40 hex digits (any case; the EIP-55 checksum is not enforced). Error: kBadHex or
// kInvalidArgument for a wrong length.
Result<Address> parse_address(std::string_view text);

}  // namespace custos::crypto::secp256k1
