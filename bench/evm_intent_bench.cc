// Intent classification of an ERC-20 transfer request (JSON parse excluded / included).

#include <benchmark/benchmark.h>

#include "evm/intent.h"
#include "json/json.h"

namespace {

constexpr const char* kRequest = R"({"action": "signTransaction", "nonce": "abc",
  "resourceId": "eip155:eoa:0xddcf208f219a6e6af072f2cfdc615b2c1805f98e",
  "transactionRequest": {"chainId": 137, "from": "0xddcf208f219a6e6af072f2cfdc615b2c1805f98e",
    "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "nonce": 192, "gas": "123",
    "maxFeePerGas": "789", "maxPriorityFeePerGas": "456", "value": "0x0",
    "data": "0xa9059cbb000000000000000000000000031d8c0ca142921c459bcb28104c0ff37928f9ed000000000000000000000000000000000000000000005ab7f55035d1e7b4fe6d"}})";

void BM_ClassifyErc20Transfer(benchmark::State& state) {
  auto request = *custos::json::parse(kRequest);
  auto check = custos::evm::classify(request);
  if (!check || *check->get_string("type") != "transferErc20") {
    state.SkipWithError("request does not classify as transferErc20");
    return;
  }
  for (auto _ : state) {
    auto intent = custos::evm::classify(request);
    benchmark::DoNotOptimize(intent);
  }
}
BENCHMARK(BM_ClassifyErc20Transfer);

void BM_ParseAndClassifyErc20Transfer(benchmark::State& state) {
  for (auto _ : state) {
    auto request = custos::json::parse(kRequest);
    auto intent = custos::evm::classify(*request);
    benchmark::DoNotOptimize(intent);
  }
}
BENCHMARK(BM_ParseAndClassifyErc20Transfer);

}  // namespace

BENCHMARK_MAIN();
