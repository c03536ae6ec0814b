#include "frost/ed25519.h"

#include <sodium.h>

#include <cstring>

#include "base/secret.h"

namespace custos::frost {
namespace {

[[maybe_unused]] const int kSodiumReady = sodium_init();

// L, little-endian.
constexpr std::array<std::uint8_t, 32> kOrder = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// The encoding of the identity (0, 1).
constexpr std::array<std::uint8_t, 32> kIdentity = {1};

// True when the little-endian value `s` is below L, in time independent of `s`.
bool below_order(const std::uint8_t* s) {
  unsigned borrow = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    borrow = (static_cast<unsigned>(s[i]) - kOrder[i] - borrow) >> 8 & 1u;
  }
  return borrow == 1;
}

// SHA-512(contextString || tag || m), or SHA-512(m) when `tag` is empty and `with_context` false.
std::array<std::uint8_t, 64> sha512(std::string_view tag, ByteView m, bool with_context) {
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  if (with_context) {
    auto ctx = as_bytes(Ed25519Sha512::kContextString);
    crypto_hash_sha512_update(&state, ctx.data(), ctx.size());
    auto t = as_bytes(tag);
    crypto_hash_sha512_update(&state, t.data(), t.size());
  }
  crypto_hash_sha512_update(&state, m.data(), m.size());
  std::array<std::uint8_t, 64> digest{};
  crypto_hash_sha512_final(&state, digest.data());
  return digest;
}

Ed25519Scalar reduce64(std::array<std::uint8_t, 64> wide, Ed25519Scalar out) {
  std::array<std::uint8_t, 32> reduced{};
  crypto_core_ed25519_scalar_reduce(reduced.data(), wide.data());
  secure_wipe(wide.data(), wide.size());
  auto parsed = Ed25519Sha512::deserialize_scalar(reduced);
  secure_wipe(reduced.data(), reduced.size());
  if (parsed) out = *parsed;
  return out;
}

}  // namespace

Ed25519Scalar::~Ed25519Scalar() { secure_wipe(bytes_.data(), bytes_.size()); }

Ed25519Scalar operator+(const Ed25519Scalar& a, const Ed25519Scalar& b) {
  Ed25519Scalar r;
  crypto_core_ed25519_scalar_add(r.bytes_.data(), a.bytes_.data(), b.bytes_.data());
  return r;
}

Ed25519Scalar operator-(const Ed25519Scalar& a, const Ed25519Scalar& b) {
  Ed25519Scalar r;
  crypto_core_ed25519_scalar_sub(r.bytes_.data(), a.bytes_.data(), b.bytes_.data());
  return r;
}

Ed25519Scalar operator*(const Ed25519Scalar& a, const Ed25519Scalar& b) {
  Ed25519Scalar r;
  crypto_core_ed25519_scalar_mul(r.bytes_.data(), a.bytes_.data(), b.bytes_.data());
  return r;
}

Ed25519Scalar operator-(const Ed25519Scalar& a) {
  Ed25519Scalar r;
  crypto_core_ed25519_scalar_negate(r.bytes_.data(), a.bytes_.data());
  return r;
}

bool operator==(const Ed25519Scalar& a, const Ed25519Scalar& b) {
  return sodium_memcmp(a.bytes_.data(), b.bytes_.data(), 32) == 0;
}

Ed25519Element::Ed25519Element() : bytes_(kIdentity) {}

Ed25519Element operator+(const Ed25519Element& a, const Ed25519Element& b) {
  Ed25519Element r;
  // Both operands are valid encodings (constructed or deserialized strictly), so this succeeds.
  if (crypto_core_ed25519_add(r.bytes_.data(), a.bytes_.data(), b.bytes_.data()) != 0) {
    r.bytes_ = kIdentity;
  }
  return r;
}

Ed25519Element operator-(const Ed25519Element& a, const Ed25519Element& b) {
  Ed25519Element r;
  if (crypto_core_ed25519_sub(r.bytes_.data(), a.bytes_.data(), b.bytes_.data()) != 0) {
    r.bytes_ = kIdentity;
  }
  return r;
}

Ed25519Element operator*(const Ed25519Element& p, const Ed25519Scalar& s) {
  Ed25519Element r;
  if (p.bytes_ == kIdentity) return r;
  // libsodium refuses a zero result (zero scalar) with -1: that result is the identity. Every
  // element reaching here lies in the prime-order subgroup, so no other failure is possible.
  if (crypto_scalarmult_ed25519_noclamp(r.bytes_.data(), s.bytes_.data(), p.bytes_.data()) != 0) {
    r.bytes_ = kIdentity;
  }
  return r;
}

Ed25519Scalar Ed25519Sha512::scalar_from_u64(std::uint64_t value) {
  Scalar s;
  for (int i = 0; i < 8; ++i) s.bytes_[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return s;  // < 2^64 < L: canonical
}

Ed25519Scalar Ed25519Sha512::scalar_random(Rng& rng) {
  std::array<std::uint8_t, 64> wide{};
  rng.fill(wide);
  return reduce64(wide, Scalar());
}

std::optional<Ed25519Scalar> Ed25519Sha512::scalar_invert(const Scalar& s) {
  if (scalar_is_zero(s)) return std::nullopt;
  Scalar r;
  if (crypto_core_ed25519_scalar_invert(r.bytes_.data(), s.bytes_.data()) != 0) return std::nullopt;
  return r;
}

bool Ed25519Sha512::scalar_is_zero(const Scalar& s) {
  return sodium_is_zero(s.bytes_.data(), s.bytes_.size()) == 1;
}

bool Ed25519Sha512::scalar_less(const Scalar& a, const Scalar& b) {
  for (std::size_t i = 32; i-- > 0;) {
    if (a.bytes_[i] != b.bytes_[i]) return a.bytes_[i] < b.bytes_[i];
  }
  return false;
}

std::optional<std::uint64_t> Ed25519Sha512::scalar_to_u64(const Scalar& s) {
  for (std::size_t i = 8; i < 32; ++i) {
    if (s.bytes_[i] != 0) return std::nullopt;
  }
  std::uint64_t value = 0;
  for (std::size_t i = 8; i-- > 0;) value = value << 8 | s.bytes_[i];
  return value;
}

std::optional<Ed25519Scalar> Ed25519Sha512::deserialize_scalar(ByteView bytes) {
  if (bytes.size() != 32 || !below_order(bytes.data())) return std::nullopt;
  Scalar s;
  std::memcpy(s.bytes_.data(), bytes.data(), 32);
  return s;
}

Ed25519Element Ed25519Sha512::generator_mult(const Scalar& s) {
  Element r;
  // -1 only for a zero scalar, whose product is the identity.
  if (crypto_scalarmult_ed25519_base_noclamp(r.bytes_.data(), s.bytes_.data()) != 0) {
    r.bytes_ = kIdentity;
  }
  return r;
}

bool Ed25519Sha512::is_identity(const Element& e) { return e.bytes_ == kIdentity; }

std::optional<Ed25519Element> Ed25519Sha512::deserialize_element(ByteView bytes) {
  // crypto_core_ed25519_is_valid_point: canonical, on the curve, not of small order (so not the
  // identity) and in the main subgroup.
  if (bytes.size() != 32 || crypto_core_ed25519_is_valid_point(bytes.data()) != 1) {
    return std::nullopt;
  }
  Element e;
  std::memcpy(e.bytes_.data(), bytes.data(), 32);
  return e;
}

Ed25519Scalar Ed25519Sha512::H1(ByteView m) { return reduce64(sha512("rho", m, true), Scalar()); }
Ed25519Scalar Ed25519Sha512::H2(ByteView m) { return reduce64(sha512("", m, false), Scalar()); }
Ed25519Scalar Ed25519Sha512::H3(ByteView m) { return reduce64(sha512("nonce", m, true), Scalar()); }
Bytes Ed25519Sha512::H4(ByteView m) {
  auto d = sha512("msg", m, true);
  return Bytes(d.begin(), d.end());
}
Bytes Ed25519Sha512::H5(ByteView m) {
  auto d = sha512("com", m, true);
  return Bytes(d.begin(), d.end());
}
Ed25519Scalar Ed25519Sha512::HDKG(ByteView m) { return reduce64(sha512("dkg", m, true), Scalar()); }
Ed25519Scalar Ed25519Sha512::HID(ByteView m) { return reduce64(sha512("id", m, true), Scalar()); }

bool Ed25519Sha512::verify_signature(ByteView message, ByteView signature,
                                     const Element& public_key) {
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.bytes_.data()) == 0;
}

}  // namespace custos::frost
