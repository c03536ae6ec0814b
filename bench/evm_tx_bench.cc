// Transaction signing (EIP-1559 and legacy/EIP-155) and sender recovery.

#include <benchmark/benchmark.h>

#include "evm/transaction.h"
#include "json/json.h"

namespace {

custos::evm::Transaction eip1559() {
  auto request = *custos::json::parse(R"({"chainId": 1, "nonce": 42, "gas": 65000,
    "maxFeePerGas": "30000000000", "maxPriorityFeePerGas": "1000000000",
    "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0",
    "data": "0xa9059cbb000000000000000000000000031d8c0ca142921c459bcb28104c0ff37928f9ed0000000000000000000000000000000000000000000000000000000000989680"})");
  return *custos::evm::parse_transaction(request);
}

custos::SecretBytes test_key() {
  custos::Bytes bytes(32, 0x46);
  return custos::SecretBytes(bytes);
}

void BM_SignEip1559(benchmark::State& state) {
  auto tx = eip1559();
  auto key = test_key();
  for (auto _ : state) {
    auto signed_tx = custos::evm::sign_transaction(tx, key);
    benchmark::DoNotOptimize(signed_tx);
  }
}
BENCHMARK(BM_SignEip1559);

void BM_SignLegacyEip155(benchmark::State& state) {
  auto tx = eip1559();
  tx.type = custos::evm::TxType::kLegacy;
  tx.gas_price = custos::evm::U256(20000000000ull);
  auto key = test_key();
  for (auto _ : state) {
    auto signed_tx = custos::evm::sign_transaction(tx, key);
    benchmark::DoNotOptimize(signed_tx);
  }
}
BENCHMARK(BM_SignLegacyEip155);

void BM_DecodeAndRecoverSender(benchmark::State& state) {
  auto signed_tx = *custos::evm::sign_transaction(eip1559(), test_key());
  for (auto _ : state) {
    auto decoded = custos::evm::decode_signed(signed_tx.raw);
    auto sender = custos::evm::recover_sender(*decoded);
    benchmark::DoNotOptimize(sender);
  }
}
BENCHMARK(BM_DecodeAndRecoverSender);

}  // namespace

BENCHMARK_MAIN();
