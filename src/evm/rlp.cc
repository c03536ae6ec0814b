#include "evm/rlp.h"

#include <string>

namespace custos::evm::rlp {
namespace {

void append_length(std::uint8_t short_base, std::size_t length, Bytes& out) {
  if (length < 56) {
    out.push_back(static_cast<std::uint8_t>(short_base + length));
    return;
  }
  std::uint8_t be[8];
  int n = 0;
  for (std::size_t rest = length; rest != 0; rest >>= 8) be[n++] = static_cast<std::uint8_t>(rest);
  out.push_back(static_cast<std::uint8_t>(short_base + 55 + n));
  while (n > 0) out.push_back(be[--n]);
}

Error rlp_error(std::size_t offset, const std::string& what) {
  return Error(ErrorCode::kEvmRlp, "rlp: " + what + " at byte " + std::to_string(offset));
}

class Decoder {
 public:
  Decoder(ByteView input, const DecodeOptions& options) : input_(input), options_(options) {}

  // Decodes one item at `pos` (which must be < end); advances `pos` past it.
  Result<Item> item(std::size_t& pos, std::size_t end, std::size_t depth) {
    if (pos >= end) return tl::unexpected(rlp_error(pos, "unexpected end of input"));
    std::size_t start = pos;
    std::uint8_t prefix = input_[pos++];
    if (prefix < 0x80) return Item{false, Bytes{prefix}, {}};
    bool is_list = prefix >= 0xc0;
    std::uint8_t base = is_list ? 0xc0 : 0x80;
    std::size_t length = 0;
    if (prefix - base < 56) {
      length = static_cast<std::size_t>(prefix - base);
    } else {
      std::size_t width = static_cast<std::size_t>(prefix - base - 55);
      if (width > end - pos) return tl::unexpected(rlp_error(start, "truncated length"));
      if (width > sizeof(std::size_t) - 1) {
        return tl::unexpected(rlp_error(start, "length too large"));
      }
      if (input_[pos] == 0) return tl::unexpected(rlp_error(start, "length with a leading zero"));
      for (std::size_t i = 0; i < width; ++i) length = (length << 8) | input_[pos++];
      if (length < 56) return tl::unexpected(rlp_error(start, "long form for a short length"));
    }
    if (length > end - pos) return tl::unexpected(rlp_error(start, "length exceeds input"));
    std::size_t item_end = pos + length;
    if (!is_list) {
      if (length == 1 && input_[pos] < 0x80) {
        return tl::unexpected(rlp_error(start, "single byte below 0x80 wrapped in a header"));
      }
      Item out{false,
               Bytes(input_.begin() + static_cast<std::ptrdiff_t>(pos),
                     input_.begin() + static_cast<std::ptrdiff_t>(item_end)),
               {}};
      pos = item_end;
      return out;
    }
    if (depth + 1 > options_.max_depth) return tl::unexpected(rlp_error(start, "nesting too deep"));
    Item out{true, {}, {}};
    while (pos < item_end) {
      auto child = item(pos, item_end, depth + 1);
      if (!child) return child;
      out.items.push_back(std::move(*child));
    }
    return out;
  }

 private:
  ByteView input_;
  const DecodeOptions& options_;
};

}  // namespace

void encode_to(const Item& item, Bytes& out) {
  if (!item.is_list) {
    if (item.bytes.size() == 1 && item.bytes[0] < 0x80) {
      out.push_back(item.bytes[0]);
      return;
    }
    append_length(0x80, item.bytes.size(), out);
    out.insert(out.end(), item.bytes.begin(), item.bytes.end());
    return;
  }
  Bytes payload;
  for (const Item& child : item.items) encode_to(child, payload);
  append_length(0xc0, payload.size(), out);
  out.insert(out.end(), payload.begin(), payload.end());
}

Bytes encode(const Item& item) {
  Bytes out;
  encode_to(item, out);
  return out;
}

Result<Item> decode(ByteView input, const DecodeOptions& options) {
  Decoder decoder(input, options);
  std::size_t pos = 0;
  auto item = decoder.item(pos, input.size(), 0);
  if (!item) return item;
  if (pos != input.size()) return fail(rlp_error(pos, "trailing bytes after the item"));
  return item;
}

Result<U256> decode_integer(const Item& item) {
  if (item.is_list) return fail(ErrorCode::kEvmRlp, "rlp: expected an integer, found a list");
  if (item.bytes.size() > 32) return fail(ErrorCode::kEvmRlp, "rlp: integer wider than 256 bits");
  if (!item.bytes.empty() && item.bytes[0] == 0) {
    return fail(ErrorCode::kEvmRlp, "rlp: integer with a leading zero byte");
  }
  return *U256::from_be_bytes(item.bytes);
}

}  // namespace custos::evm::rlp
