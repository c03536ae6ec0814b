// FROST(Ed25519, SHA-512) 3-of-3 signing costs, and the ratio to a single libsodium Ed25519 sign.
// Run: build-rel/bench/bench_frost_signing (Release, -DCUSTOS_BENCH=ON).

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <map>

#include "frost/frost.h"

namespace {

using namespace custos::frost::ed25519;
namespace frost = custos::frost;
using custos::Bytes;

const Bytes kMessage = custos::to_bytes(
    "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbGllbnQtMSIsImlhdCI6MTcwMDAwMDAwMH0");

struct Group {
  std::map<Identifier, KeyPackage> keys;
  PublicKeyPackage pub;
};

Group make_group() {
  custos::DeterministicRng rng(1);
  auto dealt = frost::generate_with_dealer<Suite>(3, 3, rng);
  Group g{{}, dealt->public_key_package};
  for (const auto& [i, share] : dealt->shares) {
    g.keys.emplace(i, *frost::key_package_from_secret_share<Suite>(share));
  }
  return g;
}

struct Round1 {
  std::map<Identifier, SigningNonces> nonces;
  SigningPackage package;
};

Round1 round1(const Group& g) {
  std::map<Identifier, SigningNonces> nonces;
  SigningPackage::CommitmentMap commitments;
  for (const auto& [i, key] : g.keys) {
    auto [n, c] = frost::round1::commit<Suite>(key.signing_share, custos::OsRng::instance());
    nonces.emplace(i, std::move(n));
    commitments.emplace(i, c);
  }
  return {std::move(nonces), SigningPackage(commitments, kMessage)};
}

void BM_Round1Commit(benchmark::State& state) {
  auto g = make_group();
  const auto& share = g.keys.begin()->second.signing_share;
  for (auto _ : state) {
    auto out = frost::round1::commit<Suite>(share, custos::OsRng::instance());
    benchmark::DoNotOptimize(out.second);
  }
}
BENCHMARK(BM_Round1Commit);

void BM_Round2Sign(benchmark::State& state) {
  auto g = make_group();
  const auto& [id, key] = *g.keys.begin();
  for (auto _ : state) {
    state.PauseTiming();
    auto r = round1(g);
    state.ResumeTiming();
    auto share = frost::round2::sign<Suite>(r.package, std::move(r.nonces.at(id)), key);
    benchmark::DoNotOptimize(share);
  }
}
BENCHMARK(BM_Round2Sign);

void BM_Aggregate3of3WithShareVerification(benchmark::State& state) {
  auto g = make_group();
  auto r = round1(g);
  std::map<Identifier, SignatureShare> shares;
  for (const auto& [i, key] : g.keys) {
    shares.emplace(i, *frost::round2::sign<Suite>(r.package, std::move(r.nonces.at(i)), key));
  }
  for (auto _ : state) {
    auto sig = frost::aggregate<Suite>(r.package, shares, g.pub);
    if (!sig) state.SkipWithError("aggregate failed");
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_Aggregate3of3WithShareVerification);

// Everything one 3-of-3 signature costs when the three signers and the coordinator share one
// process: 3 commits, 3 signs, aggregate with share verification.
void BM_EndToEnd3of3(benchmark::State& state) {
  auto g = make_group();
  for (auto _ : state) {
    auto r = round1(g);
    std::map<Identifier, SignatureShare> shares;
    for (const auto& [i, key] : g.keys) {
      shares.emplace(i, *frost::round2::sign<Suite>(r.package, std::move(r.nonces.at(i)), key));
    }
    auto sig = frost::aggregate<Suite>(r.package, shares, g.pub);
    if (!sig) state.SkipWithError("aggregate failed");
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_EndToEnd3of3);

void BM_Ed25519SignLibsodium(benchmark::State& state) {
  if (sodium_init() < 0) state.SkipWithError("sodium_init");
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  unsigned char sig[crypto_sign_BYTES];
  for (auto _ : state) {
    crypto_sign_detached(sig, nullptr, kMessage.data(), kMessage.size(), sk);
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_Ed25519SignLibsodium);

void BM_Ed25519VerifyLibsodium(benchmark::State& state) {
  auto g = make_group();
  auto r = round1(g);
  std::map<Identifier, SignatureShare> shares;
  for (const auto& [i, key] : g.keys) {
    shares.emplace(i, *frost::round2::sign<Suite>(r.package, std::move(r.nonces.at(i)), key));
  }
  auto sig = frost::aggregate<Suite>(r.package, shares, g.pub)->serialize();
  for (auto _ : state) {
    bool ok = Suite::verify_signature(kMessage, sig, g.pub.verifying_key.element);
    if (!ok) state.SkipWithError("verify failed");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_Ed25519VerifyLibsodium);

}  // namespace

BENCHMARK_MAIN();
