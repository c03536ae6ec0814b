#pragma once
// U256: an unsigned 256-bit integer (token amounts, nonces, gas, chain ids) with checked
// arithmetic and the text forms Ethereum uses (decimal, 0x-prefixed hex quantity, 32-byte word).

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace custos::evm {

// A 256-bit unsigned integer, value type, little-endian 64-bit limbs. Thread-compatible.
class U256 {
 public:
  constexpr U256() = default;
  constexpr U256(std::uint64_t value) : limbs_{value, 0, 0, 0} {}  // NOLINT: implicit on purpose

  // Parses a decimal integer: digits only, no sign, no leading zeros (except "0"), ≤ 2^256-1.
  // Error: kOutOfRange on overflow, kInvalidArgument otherwise.
  static Result<U256> from_decimal(std::string_view text);
  // Parses a 0x-prefixed hex quantity: at least one digit, any case; leading zeros allowed.
  // Error: kBadHex, kOutOfRange.
  static Result<U256> from_hex(std::string_view text);
  // Decimal unless the text starts with "0x"/"0X" (then hex). Errors as above.
  static Result<U256> parse(std::string_view text);
  // Big-endian bytes, at most 32 (shorter inputs are left-padded). Error: kOutOfRange.
  static Result<U256> from_be_bytes(ByteView bytes);

  // Decimal text ("0" for zero).
  std::string to_decimal() const;
  // Minimal 0x-prefixed lower-case hex quantity ("0x0" for zero).
  std::string to_hex() const;
  // The 32-byte big-endian word (ABI / EIP-712 encoding).
  std::array<std::uint8_t, 32> to_word() const;
  // Minimal big-endian bytes (empty for zero), as RLP encodes integers.
  Bytes to_minimal_be() const;

  bool is_zero() const { return (limbs_[0] | limbs_[1] | limbs_[2] | limbs_[3]) == 0; }
  // Number of significant bits (0 for zero).
  int bit_length() const;
  // True when the value fits in 64 bits; low_u64() returns the low 64 bits regardless.
  bool fits_u64() const { return (limbs_[1] | limbs_[2] | limbs_[3]) == 0; }
  std::uint64_t low_u64() const { return limbs_[0]; }

  // Checked arithmetic: kOutOfRange on overflow/underflow, kInvalidArgument on division by 0.
  Result<U256> checked_add(const U256& other) const;
  Result<U256> checked_sub(const U256& other) const;
  Result<U256> checked_mul(const U256& other) const;
  // Division by a small divisor; returns quotient and writes the remainder. divisor must be ≠ 0.
  U256 div_small(std::uint32_t divisor, std::uint32_t* remainder) const;

  friend bool operator==(const U256& a, const U256& b) = default;
  friend std::strong_ordering operator<=>(const U256& a, const U256& b);

 private:
  std::array<std::uint64_t, 4> limbs_{0, 0, 0, 0};
};

// The largest value, 2^256 - 1.
U256 u256_max();

}  // namespace custos::evm
