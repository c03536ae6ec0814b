#pragma once
// ECDSA over NIST P-256 and P-384 (FIPS 186-5) through OpenSSL 3, with JOSE's fixed-width r || s
// signature encoding (RFC 7518 §3.4). Public keys are validated (on the curve, not infinity;
// both curves have cofactor 1, so there is no small subgroup). ES256 hashes with SHA-256, ES384
// with SHA-384. Signing nonces come from OpenSSL's CSPRNG (not the injected Rng).
// All operations are thread-safe: key objects are immutable after construction.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace custos::crypto::ecdsa {

enum class Curve { kP256, kP384 };

// Field (and scalar) size in bytes: 32 for P-256, 48 for P-384.
constexpr std::size_t field_size(Curve c) { return c == Curve::kP256 ? 32 : 48; }

namespace detail {
Result<std::shared_ptr<evp_pkey_st>> load_public(Curve curve, ByteView sec1, std::uint8_t* out);
Result<std::shared_ptr<evp_pkey_st>> load_private(Curve curve, ByteView scalar,
                                                  std::uint8_t* public_out);
Result<Bytes> sign_digest(Curve curve, evp_pkey_st* key, ByteView digest);
Result<void> verify_digest(Curve curve, evp_pkey_st* key, ByteView digest, ByteView signature);
Bytes hash(Curve curve, ByteView message);
void wipe(void* p, std::size_t n);
}  // namespace detail

// A validated public key on curve C.
template <Curve C>
class PublicKey {
 public:
  static constexpr std::size_t kFieldSize = field_size(C);
  using Encoded = std::array<std::uint8_t, 1 + 2 * kFieldSize>;
  using Coordinate = std::array<std::uint8_t, kFieldSize>;

  // SEC 1 encodings: 0x04 || X || Y or compressed 0x02/0x03 || X. Error: kCryptoBadKey.
  static Result<PublicKey> parse(ByteView sec1) {
    PublicKey key;
    CUSTOS_TRY_ASSIGN(key.pkey_, detail::load_public(C, sec1, key.point_.data()));
    return key;
  }
  // From JWK x / y (each exactly kFieldSize bytes). Error: kCryptoBadKey.
  static Result<PublicKey> from_xy(ByteView x, ByteView y) {
    if (x.size() != kFieldSize || y.size() != kFieldSize) {
      return fail(ErrorCode::kCryptoBadKey, "EC coordinate has the wrong length");
    }
    Encoded e{};
    e[0] = 0x04;
    std::copy(x.begin(), x.end(), e.begin() + 1);
    std::copy(y.begin(), y.end(), e.begin() + 1 + kFieldSize);
    return parse(e);
  }

  const Encoded& uncompressed() const { return point_; }
  Coordinate x() const { return slice(1); }
  Coordinate y() const { return slice(1 + kFieldSize); }
  evp_pkey_st* native() const { return pkey_.get(); }
  friend bool operator==(const PublicKey& a, const PublicKey& b) { return a.point_ == b.point_; }

 private:
  template <Curve>
  friend class PrivateKey;
  PublicKey() = default;
  Coordinate slice(std::size_t at) const {
    Coordinate c{};
    std::copy(point_.begin() + at, point_.begin() + at + kFieldSize, c.begin());
    return c;
  }
  Encoded point_{};
  std::shared_ptr<evp_pkey_st> pkey_;
};

// A private scalar d in [1, n-1] on curve C, with its public key. Move-only; the scalar copy we
// hold is wiped on destruction (OpenSSL clears its own copy when the key is freed).
template <Curve C>
class PrivateKey {
 public:
  static constexpr std::size_t kFieldSize = field_size(C);

  // Error: kCryptoBadKey unless `scalar` is kFieldSize bytes with 0 < d < n.
  static Result<PrivateKey> from_bytes(ByteView scalar) {
    PrivateKey key;
    if (scalar.size() != kFieldSize) return fail(ErrorCode::kCryptoBadKey, "bad EC scalar length");
    CUSTOS_TRY_ASSIGN(key.pkey_, detail::load_private(C, scalar, key.public_.point_.data()));
    CUSTOS_TRY_ASSIGN(key.public_.pkey_, detail::load_public(C, key.public_.point_, nullptr));
    std::copy(scalar.begin(), scalar.end(), key.scalar_.begin());
    return key;
  }
  static PrivateKey generate(Rng& rng) {
    std::array<std::uint8_t, kFieldSize> d{};
    for (;;) {
      rng.fill(d);
      auto key = from_bytes(d);
      if (key) {
        detail::wipe(d.data(), d.size());
        return std::move(*key);
      }
    }
  }
  PrivateKey(PrivateKey&&) noexcept = default;
  PrivateKey& operator=(PrivateKey&&) noexcept = default;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  ~PrivateKey() { detail::wipe(scalar_.data(), scalar_.size()); }

  const PublicKey<C>& public_key() const { return public_; }
  ByteView secret_bytes() const { return {scalar_.data(), scalar_.size()}; }
  evp_pkey_st* native() const { return pkey_.get(); }

 private:
  PrivateKey() = default;
  std::array<std::uint8_t, kFieldSize> scalar_{};
  PublicKey<C> public_;
  std::shared_ptr<evp_pkey_st> pkey_;
};

template <Curve C>
using Signature = std::array<std::uint8_t, 2 * field_size(C)>;

// Signs SHA-256 (P-256) / SHA-384 (P-384) of `message`; returns r || s. Error: kCryptoFailure.
template <Curve C>
Result<Signature<C>> sign(const PrivateKey<C>& key, ByteView message) {
  auto digest = detail::hash(C, message);
  CUSTOS_TRY_ASSIGN(Bytes raw, detail::sign_digest(C, key.native(), digest));
  Signature<C> sig{};
  std::copy(raw.begin(), raw.end(), sig.begin());
  return sig;
}

// Verifies r || s over the curve's hash of `message`. Wrong length, r or s outside [1, n-1] and
// any mismatch all fail with the one opaque error kCryptoVerifyFailed.
template <Curve C>
[[nodiscard]] Result<void> verify(const PublicKey<C>& key, ByteView message, ByteView signature) {
  return detail::verify_digest(C, key.native(), detail::hash(C, message), signature);
}

// Verifies r || s over an already computed digest (e.g. COSE/Nitro callers that hash themselves).
template <Curve C>
[[nodiscard]] Result<void> verify_digest(const PublicKey<C>& key, ByteView digest,
                                         ByteView signature) {
  return detail::verify_digest(C, key.native(), digest, signature);
}

using P256PublicKey = PublicKey<Curve::kP256>;
using P256PrivateKey = PrivateKey<Curve::kP256>;
using P384PublicKey = PublicKey<Curve::kP384>;
using P384PrivateKey = PrivateKey<Curve::kP384>;

// Conversions between JOSE r || s and DER ECDSA-Sig-Value (RFC 3279 §2.2.3).
// Error: kCryptoBadSignature for malformed input or integers wider than `field_size`.
Result<Bytes> raw_to_der(ByteView raw);
Result<Bytes> der_to_raw(ByteView der, std::size_t field_size);

}  // namespace custos::crypto::ecdsa
