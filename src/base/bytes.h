#pragma once
// Byte containers and the strict text encodings (hex, base64, base64url).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace custos {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Views the bytes of a string (no copy).
inline ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
inline std::string_view as_string_view(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline Bytes to_bytes(std::string_view text) {
  auto view = as_bytes(text);
  return Bytes(view.begin(), view.end());
}

// Lower-case hex, no prefix.
std::string hex_encode(ByteView bytes);
// Strict hex: even length, [0-9a-fA-F] only; no prefix, no whitespace. Error: kBadHex.
Result<Bytes> hex_decode(std::string_view text);
// Like hex_decode but requires (and strips) a "0x" or "0X" prefix. Error: kBadHex.
Result<Bytes> hex_decode_prefixed(std::string_view text);

// Standard base64 (RFC 4648 §4) with '=' padding.
std::string base64_encode(ByteView bytes);
// Strict: padding required and correct, no whitespace, unused bits zero. Error: kBadBase64.
Result<Bytes> base64_decode(std::string_view text);

// base64url (RFC 4648 §5) without padding, as JOSE uses it (RFC 7515 §2).
std::string base64url_encode(ByteView bytes);
// Strict: no padding, no whitespace, url alphabet only, unused bits zero. Error: kBadBase64.
Result<Bytes> base64url_decode(std::string_view text);

}  // namespace custos
