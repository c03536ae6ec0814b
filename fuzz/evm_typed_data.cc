// Fuzzes EIP-712 typed-data parsing, hashing and classification from arbitrary JSON text.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "evm/intent.h"
#include "evm/typed_data.h"
#include "json/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace custos;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  json::ParseOptions options;
  options.max_depth = 64;
  auto document = json::parse(text, options);
  if (!document) return 0;
  auto typed = evm::parse_typed_data(*document);
  if (!typed) return 0;
  auto hash = evm::typed_data_hash(*typed);
  if (hash) {
    // Hashing is deterministic.
    auto again = evm::typed_data_hash(*typed);
    if (!again || *again != *hash) std::abort();
  }
  (void)evm::encode_type(*typed, typed->primary_type);
  (void)evm::classify_typed_data(*typed, std::nullopt);
  return 0;
}
