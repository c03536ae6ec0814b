#include "evm/uint256.h"

#include <algorithm>

namespace custos::evm {
namespace {

// 128-bit intermediate for limb arithmetic (GCC/Clang extension).
__extension__ typedef unsigned __int128 u128;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

U256 u256_max() {
  auto bytes = std::array<std::uint8_t, 32>{};
  bytes.fill(0xff);
  return *U256::from_be_bytes(bytes);
}

Result<U256> U256::from_decimal(std::string_view text) {
  if (text.empty()) return fail(ErrorCode::kInvalidArgument, "empty decimal integer");
  if (text.size() > 1 && text[0] == '0') {
    return fail(ErrorCode::kInvalidArgument, "decimal integer with a leading zero");
  }
  U256 value;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return fail(ErrorCode::kInvalidArgument,
                  "not a decimal integer: '" + std::string(text) + "'");
    }
    auto times_ten = value.checked_mul(U256(10));
    if (!times_ten) return fail(ErrorCode::kOutOfRange, "integer exceeds 2^256-1");
    auto sum = times_ten->checked_add(U256(static_cast<std::uint64_t>(c - '0')));
    if (!sum) return fail(ErrorCode::kOutOfRange, "integer exceeds 2^256-1");
    value = *sum;
  }
  return value;
}

Result<U256> U256::from_hex(std::string_view text) {
  if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return fail(ErrorCode::kBadHex, "hex quantity needs 0x and at least one digit");
  }
  text.remove_prefix(2);
  while (text.size() > 1 && text[0] == '0') text.remove_prefix(1);
  if (text.size() > 64) return fail(ErrorCode::kOutOfRange, "integer exceeds 2^256-1");
  U256 value;
  int shift = 0;
  for (std::size_t i = text.size(); i-- > 0;) {
    int digit = hex_digit(text[i]);
    if (digit < 0) return fail(ErrorCode::kBadHex, "invalid hex digit in quantity");
    value.limbs_[shift / 64] |= static_cast<std::uint64_t>(digit) << (shift % 64);
    shift += 4;
  }
  return value;
}

Result<U256> U256::parse(std::string_view text) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    return from_hex(text);
  }
  return from_decimal(text);
}

Result<U256> U256::from_be_bytes(ByteView bytes) {
  if (bytes.size() > 32) return fail(ErrorCode::kOutOfRange, "more than 32 bytes for a uint256");
  U256 value;
  std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t bit = (n - 1 - i) * 8;
    value.limbs_[bit / 64] |= static_cast<std::uint64_t>(bytes[i]) << (bit % 64);
  }
  return value;
}

std::string U256::to_decimal() const {
  if (is_zero()) return "0";
  std::string digits;
  U256 rest = *this;
  while (!rest.is_zero()) {
    std::uint32_t remainder = 0;
    rest = rest.div_small(10, &remainder);
    digits.push_back(static_cast<char>('0' + remainder));
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string U256::to_hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  bool started = false;
  for (int i = 63; i >= 0; --i) {
    int digit = static_cast<int>((limbs_[i / 16] >> ((i % 16) * 4)) & 0xf);
    if (digit != 0) started = true;
    if (started) out.push_back(kDigits[digit]);
  }
  if (!started) out.push_back('0');
  return out;
}

std::array<std::uint8_t, 32> U256::to_word() const {
  std::array<std::uint8_t, 32> word{};
  for (int i = 0; i < 32; ++i) {
    int bit = (31 - i) * 8;
    word[i] = static_cast<std::uint8_t>(limbs_[bit / 64] >> (bit % 64));
  }
  return word;
}

Bytes U256::to_minimal_be() const {
  auto word = to_word();
  std::size_t first = 0;
  while (first < 32 && word[first] == 0) ++first;
  return Bytes(word.begin() + static_cast<std::ptrdiff_t>(first), word.end());
}

int U256::bit_length() const {
  for (int limb = 3; limb >= 0; --limb) {
    if (limbs_[limb] != 0) return limb * 64 + 64 - __builtin_clzll(limbs_[limb]);
  }
  return 0;
}

Result<U256> U256::checked_add(const U256& other) const {
  U256 out;
  u128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 sum = static_cast<u128>(limbs_[i]) + other.limbs_[i] + carry;
    out.limbs_[i] = static_cast<std::uint64_t>(sum);
    carry = sum >> 64;
  }
  if (carry != 0) return fail(ErrorCode::kOutOfRange, "uint256 addition overflows");
  return out;
}

Result<U256> U256::checked_sub(const U256& other) const {
  if (*this < other) return fail(ErrorCode::kOutOfRange, "uint256 subtraction underflows");
  U256 out;
  std::uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 lhs = limbs_[i];
    u128 rhs = static_cast<u128>(other.limbs_[i]) + borrow;
    if (lhs >= rhs) {
      out.limbs_[i] = static_cast<std::uint64_t>(lhs - rhs);
      borrow = 0;
    } else {
      out.limbs_[i] = static_cast<std::uint64_t>((lhs + (static_cast<u128>(1) << 64)) - rhs);
      borrow = 1;
    }
  }
  return out;
}

Result<U256> U256::checked_mul(const U256& other) const {
  std::array<std::uint64_t, 8> wide{};
  for (int i = 0; i < 4; ++i) {
    u128 carry = 0;
    for (int j = 0; j < 4; ++j) {
      u128 cur = static_cast<u128>(limbs_[i]) * other.limbs_[j] + wide[i + j] + carry;
      wide[i + j] = static_cast<std::uint64_t>(cur);
      carry = cur >> 64;
    }
    wide[i + 4] = static_cast<std::uint64_t>(carry);
  }
  if ((wide[4] | wide[5] | wide[6] | wide[7]) != 0) {
    return fail(ErrorCode::kOutOfRange, "uint256 multiplication overflows");
  }
  U256 out;
  for (int i = 0; i < 4; ++i) out.limbs_[i] = wide[i];
  return out;
}

U256 U256::div_small(std::uint32_t divisor, std::uint32_t* remainder) const {
  U256 out;
  u128 rest = 0;
  for (int i = 3; i >= 0; --i) {
    u128 cur = (rest << 64) | limbs_[i];
    out.limbs_[i] = static_cast<std::uint64_t>(cur / divisor);
    rest = cur % divisor;
  }
  if (remainder != nullptr) *remainder = static_cast<std::uint32_t>(rest);
  return out;
}

std::strong_ordering operator<=>(const U256& a, const U256& b) {
  for (int i = 3; i >= 0; --i) {
    if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] <=> b.limbs_[i];
  }
  return std::strong_ordering::equal;
}

}  // namespace custos::evm
