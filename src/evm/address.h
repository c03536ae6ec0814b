#pragma once
// Ethereum addresses: 20 bytes; parsed case-insensitively, printed lower-case (canonical form
// used in ids and intents) or with the EIP-55 mixed-case checksum.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace custos::evm {

// A 20-byte account or contract address. Value type.
struct Address {
  std::array<std::uint8_t, 20> bytes{};

  // Parses "0x" + 40 hex digits in any case (the checksum is not enforced; use
  // is_valid_checksum for that). Error: kEvmAddress.
  static Result<Address> parse(std::string_view text);
  // The last 20 bytes of a 32-byte word whose first 12 bytes are zero. Error: kEvmAddress.
  static Result<Address> from_word(ByteView word);
  // Exactly 20 bytes. Error: kEvmAddress.
  static Result<Address> from_bytes(ByteView bytes);

  // "0x" + 40 lower-case hex digits: the canonical form.
  std::string to_lower() const;
  // EIP-55 checksummed form: hex digit i upper-cased when nibble i of keccak256(lower hex) ≥ 8.
  std::string to_checksum() const;
  // The 32-byte left-padded ABI word.
  std::array<std::uint8_t, 32> to_word() const;
  bool is_zero() const;

  friend bool operator==(const Address&, const Address&) = default;
  friend auto operator<=>(const Address&, const Address&) = default;
};

// True when `text` is a well-formed address that is all lower-case, all upper-case (hex part) or
// exactly the EIP-55 checksum of itself.
bool is_valid_checksum(std::string_view text);

}  // namespace custos::evm
