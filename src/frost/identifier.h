#pragma once
// Participant identifiers (RFC 9591 §4.3 / §5): non-zero scalars, ordered as integers.

#include <array>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "frost/ciphersuite.h"

namespace custos::frost {

// A participant identifier: a non-zero scalar. Public, copyable, totally ordered by integer value
// (the order in which RFC 9591 sorts commitment lists).
template <Ciphersuite C>
class Identifier {
 public:
  using Scalar = typename C::Scalar;

  // 1, 2, 3, …; std::nullopt for 0.
  static std::optional<Identifier> from_u64(std::uint64_t value) {
    if (value == 0) return std::nullopt;
    return Identifier(C::scalar_from_u64(value));
  }
  // Any non-zero scalar; std::nullopt for zero.
  static std::optional<Identifier> from_scalar(const Scalar& value) {
    if (C::scalar_is_zero(value)) return std::nullopt;
    return Identifier(value);
  }
  // Strict: a canonical, non-zero serialized scalar.
  static std::optional<Identifier> deserialize(ByteView bytes) {
    auto s = C::deserialize_scalar(bytes);
    if (!s) return std::nullopt;
    return from_scalar(*s);
  }
  // ZF FROST `Identifier::derive`: HID(bytes), for identifiers made from names.
  static std::optional<Identifier> derive(ByteView bytes) { return from_scalar(C::HID(bytes)); }

  const Scalar& scalar() const { return value_; }
  std::array<std::uint8_t, C::kScalarSize> serialize() const { return C::serialize_scalar(value_); }

  // Decimal when the value fits in 64 bits, else "0x" + hex of the serialization.
  std::string to_string() const {
    if (auto small = C::scalar_to_u64(value_)) return std::to_string(*small);
    auto bytes = serialize();
    return "0x" + hex_encode(bytes);
  }

  friend bool operator==(const Identifier& a, const Identifier& b) { return a.value_ == b.value_; }
  friend bool operator<(const Identifier& a, const Identifier& b) {
    return C::scalar_less(a.value_, b.value_);
  }

 private:
  explicit Identifier(const Scalar& value) : value_(value) {}
  Scalar value_;
};

}  // namespace custos::frost
