// Raw primitive speeds, the yardstick for the JOSE numbers: libsodium's own Ed25519 verify (no
// wrapper), our wrappers, secp256k1 and the hashes.
// Run: build-rel/bench/bench_crypto_sign --benchmark_min_time=1

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <string>

#include "crypto/crypto.h"

namespace {

using namespace custos;
using namespace custos::crypto;

const std::string kMessage(200, 'm');  // about the size of a JWS signing input

void BM_LibsodiumEd25519VerifyRaw(benchmark::State& state) {
  if (sodium_init() < 0) state.SkipWithError("sodium_init");
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_keypair(pk, sk);
  auto* m = reinterpret_cast<const unsigned char*>(kMessage.data());
  crypto_sign_detached(sig, nullptr, m, kMessage.size(), sk);
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_sign_verify_detached(sig, m, kMessage.size(), pk));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LibsodiumEd25519VerifyRaw);

void BM_Ed25519Sign(benchmark::State& state) {
  DeterministicRng rng(1);
  auto key = ed25519::PrivateKey::generate(rng);
  for (auto _ : state) benchmark::DoNotOptimize(ed25519::sign(key, as_bytes(kMessage)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Sign);

void BM_Ed25519Verify(benchmark::State& state) {
  DeterministicRng rng(1);
  auto key = ed25519::PrivateKey::generate(rng);
  auto sig = ed25519::sign(key, as_bytes(kMessage));
  auto pub = key.public_key();
  for (auto _ : state)
    benchmark::DoNotOptimize(bool(ed25519::verify(pub, as_bytes(kMessage), sig)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Verify);

void BM_Secp256k1SignRecoverable(benchmark::State& state) {
  DeterministicRng rng(2);
  auto key = secp256k1::PrivateKey::generate(rng);
  auto digest = keccak256(kMessage);
  for (auto _ : state) benchmark::DoNotOptimize(secp256k1::sign_recoverable(key, digest));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Secp256k1SignRecoverable);

void BM_Secp256k1Verify(benchmark::State& state) {
  DeterministicRng rng(2);
  auto key = secp256k1::PrivateKey::generate(rng);
  auto digest = sha256(kMessage);
  auto sig = *secp256k1::sign(key, digest);
  auto pub = key.public_key();
  for (auto _ : state) benchmark::DoNotOptimize(bool(secp256k1::verify(pub, digest, sig)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Secp256k1Verify);

void BM_Secp256k1Recover(benchmark::State& state) {
  DeterministicRng rng(2);
  auto key = secp256k1::PrivateKey::generate(rng);
  auto digest = keccak256(kMessage);
  auto sig = *secp256k1::sign_recoverable(key, digest);
  for (auto _ : state) benchmark::DoNotOptimize(secp256k1::recover(digest, sig));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Secp256k1Recover);

void BM_Keccak256(benchmark::State& state) {
  std::string data(static_cast<std::size_t>(state.range(0)), 'k');
  for (auto _ : state) benchmark::DoNotOptimize(keccak256(data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Keccak256)->Arg(32)->Arg(100 * 1024);

void BM_Sha256(benchmark::State& state) {
  std::string data(static_cast<std::size_t>(state.range(0)), 's');
  for (auto _ : state) benchmark::DoNotOptimize(sha256(data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sha256)->Arg(100 * 1024);

}  // namespace

BENCHMARK_MAIN();
