#pragma once
// Recursive Length Prefix encoding (Ethereum Yellow Paper, Appendix B), strict decoding.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "evm/uint256.h"

namespace custos::evm::rlp {

// An RLP item: a byte string or a list of items. Value type.
struct Item {
  bool is_list = false;
  Bytes bytes;              // when !is_list
  std::vector<Item> items;  // when is_list

  static Item string(ByteView value) { return Item{false, Bytes(value.begin(), value.end()), {}}; }
  static Item list(std::vector<Item> items) { return Item{true, {}, std::move(items)}; }
  // A scalar: minimal big-endian bytes, zero is the empty string.
  static Item integer(const U256& value) { return Item{false, value.to_minimal_be(), {}}; }

  friend bool operator==(const Item&, const Item&) = default;
};

// Appends the encoding of `item` to `out`.
void encode_to(const Item& item, Bytes& out);
Bytes encode(const Item& item);

// Limits for decoding untrusted input.
struct DecodeOptions {
  std::size_t max_depth = 64;  // list nesting
};

// Decodes exactly one item spanning all of `input`. Strict: a single byte < 0x80 must not be
// wrapped in a string header, lengths must use the short form when < 56 and the long form must
// have no leading zero bytes, lengths must fit in the input, and no trailing bytes may remain.
// Error: kEvmRlp with the byte offset in the message.
Result<Item> decode(ByteView input, const DecodeOptions& options = {});

// Reads a scalar integer item: a string of at most 32 bytes with no leading zero byte
// (canonical), zero being the empty string. Error: kEvmRlp.
Result<U256> decode_integer(const Item& item);

}  // namespace custos::evm::rlp
