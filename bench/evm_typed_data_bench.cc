// EIP-712 hash of a Uniswap Permit2 PermitSingle message.

#include <benchmark/benchmark.h>

#include "evm/typed_data.h"
#include "json/json.h"

namespace {

constexpr const char* kPermit2 = R"({
  "types": {
    "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint256"},
                     {"name": "verifyingContract", "type": "address"}],
    "PermitSingle": [{"name": "details", "type": "PermitDetails"}, {"name": "spender", "type": "address"},
                     {"name": "sigDeadline", "type": "uint256"}],
    "PermitDetails": [{"name": "token", "type": "address"}, {"name": "amount", "type": "uint160"},
                      {"name": "expiration", "type": "uint48"}, {"name": "nonce", "type": "uint48"}]},
  "primaryType": "PermitSingle",
  "domain": {"name": "Permit2", "chainId": 1, "verifyingContract": "0x000000000022D473030F116dDEE9F6B43aC78BA3"},
  "message": {"details": {"token": "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174",
                          "amount": "1461501637330902918203684832716283019655932542975",
                          "expiration": 1800000000, "nonce": 0},
              "spender": "0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD", "sigDeadline": 1700000000}})";

void BM_Permit2Hash(benchmark::State& state) {
  auto document = *custos::json::parse(kPermit2);
  auto parsed = custos::evm::parse_typed_data(document);
  if (!parsed || !custos::evm::typed_data_hash(*parsed)) {
    state.SkipWithError("Permit2 document does not hash");
    return;
  }
  auto data = *parsed;
  for (auto _ : state) {
    auto hash = custos::evm::typed_data_hash(data);
    benchmark::DoNotOptimize(hash);
  }
}
BENCHMARK(BM_Permit2Hash);

void BM_Permit2ParseAndHash(benchmark::State& state) {
  for (auto _ : state) {
    auto document = custos::json::parse(kPermit2);
    auto data = custos::evm::parse_typed_data(*document);
    auto hash = custos::evm::typed_data_hash(*data);
    benchmark::DoNotOptimize(hash);
  }
}
BENCHMARK(BM_Permit2ParseAndHash);

}  // namespace

BENCHMARK_MAIN();
