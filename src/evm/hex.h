#pragma once
// Ethereum hex text: 0x-prefixed byte strings ("DATA" in JSON-RPC terms), strictly parsed.

#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace custos::evm {

// Parses "0x" followed by an even number of hex digits (any case); "0x" alone is empty.
// Error: kBadHex (missing prefix, odd length, bad digit).
Result<Bytes> parse_hex_data(std::string_view text);

// "0x" + lower-case hex.
std::string to_hex_data(ByteView bytes);

}  // namespace custos::evm
