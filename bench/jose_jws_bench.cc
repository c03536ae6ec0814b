// JOSE throughput: JWT sign and verify per algorithm (EdDSA, ES256K, EIP191, and EIP191 verified
// by address recovery), detached request verification, and the canonical hash of a 100 KB
// request. Compare with bench_crypto_sign's BM_LibsodiumEd25519VerifyRaw.
// Run: build-rel/bench/bench_jose_jws --benchmark_min_time=1

#include <benchmark/benchmark.h>

#include <string>

#include "base/clock.h"
#include "jose/jose.h"
#include "json/json.h"

namespace {

using namespace custos;
using namespace custos::jose;

// A typical access-token claim set (~400 bytes of JSON).
json::Value claims() {
  auto v = json::parse(R"({"sub":"user-1","iat":1700000000,"exp":1700000600,"iss":"engine",
    "aud":"vault","jti":"8d2f7d1e-52a1-4c8e-a7ad-1f1b9b8a0c11",
    "requestHash":"0x7372a4267af39345919d5d26984da5e387d8d93b25283c9740b3bd43841bcf49",
    "hashWildcard":["transactionRequest.gas"],
    "cnf":{"kty":"EC","crv":"secp256k1","alg":"ES256K","kid":"client",
           "x":"S8KjEmUVPwfnDgurCHJOa4XiF_jNYozrYpdCR7tJM4I",
           "y":"zijKt5rXEZ7hrT6825ihaAUhFTDsxs_vobiObf-ZIyo"}})");
  return *v;
}

Jwk key_for(Algorithm alg) {
  DeterministicRng rng(static_cast<std::uint64_t>(alg) + 11);
  return *Jwk::generate(alg, rng);
}

void BM_JwtSign(benchmark::State& state) {
  auto alg = static_cast<Algorithm>(state.range(0));
  Jwk key = key_for(alg);
  json::Value c = claims();
  for (auto _ : state) benchmark::DoNotOptimize(sign_jwt(c, key, alg));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::string(algorithm_name(alg)));
}

void BM_JwtVerify(benchmark::State& state) {
  auto alg = static_cast<Algorithm>(state.range(0));
  bool by_address = state.range(1) != 0;
  Jwk key = key_for(alg);
  std::string token = *sign_jwt(claims(), key, alg);
  Jwk verifier = by_address ? Jwk::from_address(*key.address(), key.kid()) : key.public_only();
  VerifyOptions options{.allowed_algorithms = {alg}};
  ManualClock clock(1'700'000'010'000'000'000);
  ClaimChecks checks{.clock = &clock, .audiences = {"vault"}};
  for (auto _ : state) {
    auto r = verify_jwt(token, verifier, options, checks);
    if (!r) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::string(algorithm_name(alg)) + (by_address ? " (address)" : ""));
}

constexpr int kEdDSA = static_cast<int>(Algorithm::kEdDSA);
constexpr int kES256K = static_cast<int>(Algorithm::kES256K);
constexpr int kEIP191 = static_cast<int>(Algorithm::kEIP191);
BENCHMARK(BM_JwtSign)->Arg(kEdDSA)->Arg(kES256K)->Arg(kEIP191);
BENCHMARK(BM_JwtVerify)
    ->Args({kEdDSA, 0})
    ->Args({kES256K, 0})
    ->Args({kEIP191, 0})
    ->Args({kEIP191, 1});

void BM_JwsdVerify(benchmark::State& state) {
  Jwk key = key_for(Algorithm::kEdDSA);
  JwsdRequest request{.htm = "POST",
                      .uri = "https://vault.example/sign",
                      .body = claims(),
                      .access_token = "token"};
  ManualClock clock(1'700'000'000'000'000'000);
  std::string jwsd = *sign_jwsd(key, Algorithm::kEdDSA, request, {.clock = &clock});
  JwsdVerifyOptions options{.allowed_algorithms = {Algorithm::kEdDSA}, .clock = &clock};
  Jwk pub = key.public_only();
  for (auto _ : state) benchmark::DoNotOptimize(verify_jwsd(jwsd, pub, request, options));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JwsdVerify);

// A 100 KB signTransaction-like request: many members, nesting, numbers and strings.
json::Value big_request() {
  std::string text =
      R"({"action":"signTransaction","nonce":"n","resourceId":"eip155:eoa:0x1","items":[)";
  for (int i = 0; text.size() < 100 * 1024; ++i) {
    if (i) text += ",";
    text += R"({"to":"0x)" + std::string(40, 'a') + R"(","value":")" + std::to_string(i * 1000003) +
            R"(","gas":21000,"data":"0xdeadbeef","chainId":1,"ok":true,"note":"entry )" +
            std::to_string(i) + "\"}";
  }
  text += "]}";
  return *json::parse(text);
}

void BM_CanonicalHash100KB(benchmark::State& state) {
  json::Value request = big_request();
  std::size_t bytes = json::serialize(request).size();
  for (auto _ : state) benchmark::DoNotOptimize(canonical_hash(request));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CanonicalHash100KB);

void BM_ParseAndCanonicalHash100KB(benchmark::State& state) {
  std::string text = json::serialize(big_request());
  for (auto _ : state) {
    auto v = json::parse(text);
    benchmark::DoNotOptimize(canonical_hash(*v));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAndCanonicalHash100KB);

}  // namespace

BENCHMARK_MAIN();
