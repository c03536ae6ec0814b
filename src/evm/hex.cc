#include "evm/hex.h"

namespace custos::evm {

Result<Bytes> parse_hex_data(std::string_view text) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return fail(ErrorCode::kBadHex, "hex data must start with 0x");
  }
  auto decoded = hex_decode(text.substr(2));
  if (!decoded) return fail(ErrorCode::kBadHex, "invalid hex data: " + decoded.error().message());
  return decoded;
}

std::string to_hex_data(ByteView bytes) { return "0x" + hex_encode(bytes); }

}  // namespace custos::evm
