// Fuzzes ABI type parsing, ABI decoding and calldata classification. Input: a type list, a
// newline, then the data. Oracle: decoded values re-encode, and that encoding decodes and
// re-encodes to itself.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "evm/abi.h"
#include "evm/intent.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace custos;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto newline = text.find('\n');
  if (newline == std::string_view::npos || newline > 256) return 0;
  auto types = evm::abi::Type::parse_list(text.substr(0, newline));
  ByteView body(data + newline + 1, size - newline - 1);
  if (types) {
    auto values = evm::abi::decode(*types, body);
    if (values) {
      auto encoded = evm::abi::encode(*types, *values);
      if (!encoded) std::abort();
      auto again = evm::abi::decode(*types, *encoded);
      if (!again) std::abort();
      auto encoded_again = evm::abi::encode(*types, *again);
      if (!encoded_again || *encoded_again != *encoded) std::abort();
    }
  }
  // The same bytes as the calldata of a transaction to a contract.
  evm::Transaction tx;
  tx.chain_id = evm::U256(1);
  tx.from = *evm::Address::parse("0x1111111111111111111111111111111111111111");
  tx.to = *evm::Address::parse("0x2222222222222222222222222222222222222222");
  tx.data.assign(body.begin(), body.end());
  (void)evm::classify_transaction(tx);
  return 0;
}
