#include "evm/address.h"

#include <algorithm>
#include <cctype>

#include "evm/hex.h"
#include "evm/keccak.h"

namespace custos::evm {

Result<Address> Address::parse(std::string_view text) {
  if (text.size() != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return fail(ErrorCode::kEvmAddress, "address must be 0x followed by 40 hex digits");
  }
  auto bytes = hex_decode(text.substr(2));
  if (!bytes) return fail(ErrorCode::kEvmAddress, "address has a non-hex digit");
  Address out;
  std::copy(bytes->begin(), bytes->end(), out.bytes.begin());
  return out;
}

Result<Address> Address::from_word(ByteView word) {
  if (word.size() != 32) return fail(ErrorCode::kEvmAddress, "address word must be 32 bytes");
  for (std::size_t i = 0; i < 12; ++i) {
    if (word[i] != 0) return fail(ErrorCode::kEvmAddress, "address word with non-zero padding");
  }
  Address out;
  std::copy(word.begin() + 12, word.end(), out.bytes.begin());
  return out;
}

Result<Address> Address::from_bytes(ByteView bytes) {
  if (bytes.size() != 20) return fail(ErrorCode::kEvmAddress, "address must be 20 bytes");
  Address out;
  std::copy(bytes.begin(), bytes.end(), out.bytes.begin());
  return out;
}

std::string Address::to_lower() const { return to_hex_data(bytes); }

std::string Address::to_checksum() const {
  std::string lower = hex_encode(bytes);
  Hash32 digest = keccak256(as_bytes(lower));
  std::string out = "0x";
  for (std::size_t i = 0; i < lower.size(); ++i) {
    int nibble = (i % 2 == 0) ? (digest[i / 2] >> 4) : (digest[i / 2] & 0x0f);
    char c = lower[i];
    out.push_back(nibble >= 8 ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
  }
  return out;
}

std::array<std::uint8_t, 32> Address::to_word() const {
  std::array<std::uint8_t, 32> word{};
  std::copy(bytes.begin(), bytes.end(), word.begin() + 12);
  return word;
}

bool Address::is_zero() const {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

bool is_valid_checksum(std::string_view text) {
  auto address = Address::parse(text);
  if (!address) return false;
  std::string_view digits = text.substr(2);
  bool has_lower =
      std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'a' && c <= 'f'; });
  bool has_upper =
      std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'A' && c <= 'F'; });
  if (!has_lower || !has_upper) return true;
  return address->to_checksum().substr(2) == digits;
}

}  // namespace custos::evm
