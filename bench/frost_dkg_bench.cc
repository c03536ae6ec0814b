// FROST DKG cost: a complete 3-of-3 Pedersen DKG (all three participants, parts 1–3, in-process),
// and a complete share refresh. Run: build-rel/bench/bench_frost_dkg.

#include <benchmark/benchmark.h>

#include <map>

#include "frost/frost.h"

namespace {

using namespace custos::frost::ed25519;
namespace frost = custos::frost;
namespace dkg = custos::frost::dkg;

std::map<Identifier, KeyPackage> run_dkg(std::uint16_t n, std::uint16_t t, custos::Rng& rng,
                                         PublicKeyPackage* pub) {
  std::map<Identifier, dkg::round1::SecretPackage<Suite>> s1;
  std::map<Identifier, dkg::round1::Package<Suite>> broadcast;
  for (std::uint16_t i = 1; i <= n; ++i) {
    auto id = *Identifier::from_u64(i);
    auto r = dkg::part1<Suite>(id, n, t, rng);
    s1.emplace(id, std::move(r->first));
    broadcast.emplace(id, r->second);
  }
  std::map<Identifier, dkg::round2::SecretPackage<Suite>> s2;
  std::map<Identifier, std::map<Identifier, dkg::round2::Package<Suite>>> inbox;
  for (auto& [me, secret] : s1) {
    auto received = broadcast;
    received.erase(me);
    auto r = dkg::part2<Suite>(std::move(secret), received);
    for (auto& [to, p] : r->second) inbox[to].emplace(me, std::move(p));
    s2.emplace(me, std::move(r->first));
  }
  std::map<Identifier, KeyPackage> keys;
  for (auto& [me, secret] : s2) {
    auto r = dkg::part3<Suite>(secret, inbox[me]);
    *pub = r->second;
    keys.emplace(me, std::move(r->first));
  }
  return keys;
}

void BM_Dkg3of3AllParticipants(benchmark::State& state) {
  for (auto _ : state) {
    PublicKeyPackage pub;
    auto keys = run_dkg(3, 3, custos::OsRng::instance(), &pub);
    if (keys.size() != 3) state.SkipWithError("dkg failed");
    benchmark::DoNotOptimize(pub);
  }
}
BENCHMARK(BM_Dkg3of3AllParticipants)->Unit(benchmark::kMillisecond);

void BM_Refresh3of3AllParticipants(benchmark::State& state) {
  PublicKeyPackage pub;
  auto keys = run_dkg(3, 3, custos::OsRng::instance(), &pub);
  for (auto _ : state) {
    std::map<Identifier, dkg::round1::SecretPackage<Suite>> s1;
    std::map<Identifier, frost::refresh::round1::Package<Suite>> broadcast;
    for (const auto& [id, key] : keys) {
      auto r = frost::refresh::part1<Suite>(key, 3, custos::OsRng::instance());
      s1.emplace(id, std::move(r->first));
      broadcast.emplace(id, r->second);
    }
    std::map<Identifier, dkg::round2::SecretPackage<Suite>> s2;
    std::map<Identifier, std::map<Identifier, dkg::round2::Package<Suite>>> inbox;
    for (auto& [me, secret] : s1) {
      auto received = broadcast;
      received.erase(me);
      auto r = frost::refresh::part2<Suite>(std::move(secret), received);
      for (auto& [to, p] : r->second) inbox[to].emplace(me, std::move(p));
      s2.emplace(me, std::move(r->first));
    }
    for (auto& [me, secret] : s2) {
      auto r = frost::refresh::part3<Suite>(secret, inbox[me], keys.at(me), pub);
      if (!r) state.SkipWithError("refresh failed");
      benchmark::DoNotOptimize(r);
    }
  }
}
BENCHMARK(BM_Refresh3of3AllParticipants)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
