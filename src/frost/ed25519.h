#pragma once
// FROST(Ed25519, SHA-512), RFC 9591 §6.1, on libsodium's ed25519 group and scalar operations.
// contextString = "FROST-ED25519-SHA512-v1"; H1 = "rho", H2 = plain Ed25519 challenge
// SHA-512(m) mod L (RFC 8032), H3 = "nonce", H4 = "msg", H5 = "com". Group order
// L = 2^252 + 27742317777372353535851937790883648493.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.h"
#include "base/rng.h"
#include "frost/ciphersuite.h"

namespace custos::frost {

class Ed25519Element;

// An element of Z/LZ, stored canonically (little-endian, < L). Copyable (identifiers and binding
// factors are scalars too); every copy is wiped on destruction. Equality is constant-time.
class Ed25519Scalar {
 public:
  Ed25519Scalar() : bytes_{} {}
  ~Ed25519Scalar();
  Ed25519Scalar(const Ed25519Scalar&) = default;
  Ed25519Scalar& operator=(const Ed25519Scalar&) = default;

  const std::array<std::uint8_t, 32>& bytes() const { return bytes_; }

  friend Ed25519Scalar operator+(const Ed25519Scalar& a, const Ed25519Scalar& b);
  friend Ed25519Scalar operator-(const Ed25519Scalar& a, const Ed25519Scalar& b);
  friend Ed25519Scalar operator*(const Ed25519Scalar& a, const Ed25519Scalar& b);
  friend Ed25519Scalar operator-(const Ed25519Scalar& a);
  friend bool operator==(const Ed25519Scalar& a, const Ed25519Scalar& b);
  friend class Ed25519Element;
  friend Ed25519Element operator*(const Ed25519Element& p, const Ed25519Scalar& s);

 private:
  friend struct Ed25519Sha512;
  std::array<std::uint8_t, 32> bytes_;
};

// A point of the prime-order subgroup of edwards25519 (or the identity), kept in its canonical
// 32-byte encoding. Public values only; comparison is not constant-time.
class Ed25519Element {
 public:
  Ed25519Element();  // the identity
  const std::array<std::uint8_t, 32>& bytes() const { return bytes_; }

  friend Ed25519Element operator+(const Ed25519Element& a, const Ed25519Element& b);
  friend Ed25519Element operator-(const Ed25519Element& a, const Ed25519Element& b);
  friend Ed25519Element operator*(const Ed25519Element& p, const Ed25519Scalar& s);
  friend bool operator==(const Ed25519Element& a, const Ed25519Element& b) {
    return a.bytes_ == b.bytes_;
  }

 private:
  friend struct Ed25519Sha512;
  std::array<std::uint8_t, 32> bytes_;
};

// The ciphersuite. All functions are thread-safe (stateless).
struct Ed25519Sha512 {
  using Scalar = Ed25519Scalar;
  using Element = Ed25519Element;
  static constexpr std::string_view kContextString = "FROST-ED25519-SHA512-v1";
  static constexpr std::uint8_t kSuiteId = 0x01;  // in custos' binary encodings (encoding.h)
  static constexpr std::size_t kScalarSize = 32;
  static constexpr std::size_t kElementSize = 32;
  static constexpr std::size_t kSignatureSize = 64;  // R || z, a plain RFC 8032 signature

  static Scalar scalar_zero() { return Scalar(); }
  static Scalar scalar_one() { return scalar_from_u64(1); }
  static Scalar scalar_from_u64(std::uint64_t value);
  // A uniformly random scalar (64 random bytes reduced mod L) drawn from `rng`.
  static Scalar scalar_random(Rng& rng);
  // 1/s, or std::nullopt for zero.
  static std::optional<Scalar> scalar_invert(const Scalar& s);
  static bool scalar_is_zero(const Scalar& s);
  // Integer order (variable time: for public scalars such as identifiers).
  static bool scalar_less(const Scalar& a, const Scalar& b);
  static std::optional<std::uint64_t> scalar_to_u64(const Scalar& s);
  static std::array<std::uint8_t, 32> serialize_scalar(const Scalar& s) { return s.bytes_; }
  // Exactly 32 bytes, little-endian, strictly below L; anything else → std::nullopt.
  static std::optional<Scalar> deserialize_scalar(ByteView bytes);

  static Element identity() { return Element(); }
  // s·B (constant time in s).
  static Element generator_mult(const Scalar& s);
  static bool is_identity(const Element& e);
  static std::array<std::uint8_t, 32> serialize_element(const Element& e) { return e.bytes_; }
  // Exactly 32 bytes, canonical, on the curve, in the prime-order subgroup and not the identity
  // (RFC 9591 §6.1 DeserializeElement); anything else → std::nullopt.
  static std::optional<Element> deserialize_element(ByteView bytes);

  // Hashes (RFC 9591 §6.1). H4 and H5 return the 64-byte digest; the others reduce it mod L.
  static Scalar H1(ByteView m);  // SHA-512(contextString || "rho" || m) mod L
  static Scalar H2(ByteView m);  // SHA-512(m) mod L
  static Scalar H3(ByteView m);  // SHA-512(contextString || "nonce" || m) mod L
  static Bytes H4(ByteView m);   // SHA-512(contextString || "msg" || m)
  static Bytes H5(ByteView m);   // SHA-512(contextString || "com" || m)
  // ZF FROST extensions: proof-of-knowledge challenge in the DKG, identifier derivation.
  static Scalar HDKG(ByteView m);  // SHA-512(contextString || "dkg" || m) mod L
  static Scalar HID(ByteView m);   // SHA-512(contextString || "id" || m) mod L

  // Plain RFC 8032 verification of a 64-byte signature by libsodium
  // (crypto_sign_verify_detached); the FROST group signature must pass it.
  [[nodiscard]] static bool verify_signature(ByteView message, ByteView signature,
                                             const Element& public_key);
};

static_assert(Ciphersuite<Ed25519Sha512>);

}  // namespace custos::frost
