#include "base/bytes.h"

#include <sodium.h>

namespace custos {
namespace {

Result<Bytes> base64_decode_variant(std::string_view text, int variant, bool padded) {
  // libsodium's decoder rejects bad characters and non-zero unused bits; we additionally
  // require that it consumed everything and that padding matches the variant.
  if (!padded && text.find('=') != std::string_view::npos) {
    return fail(ErrorCode::kBadBase64, "base64url must not be padded");
  }
  if (padded && text.size() % 4 != 0) {
    return fail(ErrorCode::kBadBase64, "base64 length is not a multiple of 4");
  }
  if (!padded && text.size() % 4 == 1) {
    return fail(ErrorCode::kBadBase64, "base64url length is impossible");
  }
  Bytes out(text.size() / 4 * 3 + 3);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        variant) != 0 ||
      end != text.data() + text.size()) {
    return fail(ErrorCode::kBadBase64, padded ? "invalid base64" : "invalid base64url");
  }
  out.resize(len);
  return out;
}

std::string base64_encode_variant(ByteView bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

}  // namespace

std::string hex_encode(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

Result<Bytes> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return fail(ErrorCode::kBadHex, "hex string has odd length");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(text[2 * i]);
    int lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return fail(ErrorCode::kBadHex,
                  "invalid hex character at offset " + std::to_string(2 * i + (hi < 0 ? 0 : 1)));
    }
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

Result<Bytes> hex_decode_prefixed(std::string_view text) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return fail(ErrorCode::kBadHex, "hex string must start with 0x");
  }
  return hex_decode(text.substr(2));
}

std::string base64_encode(ByteView bytes) {
  return base64_encode_variant(bytes, sodium_base64_VARIANT_ORIGINAL);
}
Result<Bytes> base64_decode(std::string_view text) {
  return base64_decode_variant(text, sodium_base64_VARIANT_ORIGINAL, true);
}
std::string base64url_encode(ByteView bytes) {
  return base64_encode_variant(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
Result<Bytes> base64url_decode(std::string_view text) {
  return base64_decode_variant(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING, false);
}

}  // namespace custos
