// Fuzzes strict RLP decoding and signed-transaction decoding. Oracle: whatever decodes must
// re-encode to exactly the input (strict decoding accepts only canonical encodings).

#include <cstdint>
#include <cstdlib>

#include "evm/rlp.h"
#include "evm/transaction.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace custos;
  ByteView input(data, size);
  auto item = evm::rlp::decode(input);
  if (item) {
    Bytes again = evm::rlp::encode(*item);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  }
  auto signed_tx = evm::decode_signed(input);
  if (signed_tx) {
    // A decoded transaction re-serializes to the same bytes.
    auto raw = evm::serialize_signed(signed_tx->tx, signed_tx->signature);
    if (!raw || *raw != signed_tx->raw) std::abort();
    (void)evm::recover_sender(*signed_tx);
  }
  return 0;
}
