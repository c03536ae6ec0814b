// Benchmarks of the store + engine pipeline (issue #9):
//   (a) verify + load + compile a ~10 MB signed entity store;
//   (b) one decision with 100 policies and 1,000 entities: latency, with p50 / p99 counters;
//   (c) decisions per second with 2 threads.
// Run: build-rel/bench/bench_engine_decision

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "base/clock.h"
#include "base/rng.h"
#include "engine/engine.h"
#include "engine/request.h"
#include "jose/hash.h"
#include "jose/jwt.h"
#include "json/serialize.h"
#include "store/store.h"

namespace custos {
namespace {

std::string hex_address(std::size_t i) {
  char buf[43];
  std::snprintf(buf, sizeof buf, "0x%040zx", i + 1);
  return buf;
}

struct Org {
  json::Value entities;
  json::Value policies;
  std::vector<jose::Jwk> user_keys;  // private
};

// An organisation with `users` members (each with a credential and an assigned account) and one
// address-book entry per account.
Org make_org(std::size_t users, std::size_t policies) {
  DeterministicRng rng(42);
  Org org;
  json::Array u, c, a, ua, ab;
  for (std::size_t i = 0; i < users; ++i) {
    std::string id = "user-" + std::to_string(i);
    std::string account = "eip155:eoa:" + hex_address(i);
    auto key = *jose::Jwk::generate(jose::Algorithm::kEdDSA, rng, "cred-" + id);
    u.push_back(json::Value::object(
        {{"id", json::Value(id)}, {"role", json::Value(i == 0 ? "admin" : "member")}}));
    c.push_back(json::Value::object({{"id", json::Value("cred-" + id)},
                                     {"userId", json::Value(id)},
                                     {"key", key.public_only().to_json()}}));
    a.push_back(json::Value::object({{"id", json::Value(account)},
                                     {"address", json::Value(hex_address(i))},
                                     {"accountType", json::Value("eoa")}}));
    ua.push_back(
        json::Value::object({{"userId", json::Value(id)}, {"accountId", json::Value(account)}}));
    ab.push_back(json::Value::object({{"id", json::Value("eip155:1:" + hex_address(i))},
                                      {"address", json::Value(hex_address(i))},
                                      {"chainId", json::Value(1)},
                                      {"classification", json::Value("internal")}}));
    if (i < 4) org.user_keys.push_back(key);
  }
  org.entities = json::Value::object({{"users", json::Value(std::move(u))},
                                      {"credentials", json::Value(std::move(c))},
                                      {"accounts", json::Value(std::move(a))},
                                      {"userAccounts", json::Value(std::move(ua))},
                                      {"addressBook", json::Value(std::move(ab))}});
  json::Array p;
  for (std::size_t i = 0; i < policies; ++i) {
    // Mostly non-matching amount bands and roles, as a real policy set is.
    std::string text = R"({"id":"p)" + std::to_string(i) + R"(","description":"band","then":")" +
                       (i % 10 == 9 ? "forbid" : "permit") + R"(","when":[
        {"criterion":"checkAction","args":["signTransaction"]},
        {"criterion":"checkPrincipalRole","args":[")" +
                       (i % 3 == 0 ? "member" : "manager") + R"("]},
        {"criterion":"checkIntentType","args":["transferNative"]},
        {"criterion":"checkAccountAssigned"},
        {"criterion":"checkDestinationClassification","args":["internal"]},
        {"criterion":"checkIntentAmount","args":{"currency":"*","operator":"gt","value":")" +
                       std::to_string(i * 1000000) + R"("}},
        {"criterion":"checkIntentAmount","args":{"currency":"*","operator":"lte","value":")" +
                       std::to_string((i + 1) * 1000000) + R"("}}]})";
    p.push_back(*json::parse(text));
  }
  org.policies = json::Value(std::move(p));
  return org;
}

store::VerifiedDocument sign_and_verify(store::StoreKind kind, const json::Value& data,
                                        const jose::Jwk& admin) {
  auto signature = *store::sign_document(kind, data, admin, 1000);
  return *store::verify_document(kind, store::data_file_text(kind, data), signature,
                                 {admin.public_only()});
}

jose::Jwk admin_key() {
  DeterministicRng rng(1);
  return *jose::Jwk::generate(jose::Algorithm::kEdDSA, rng, "admin");
}

// (a)
void BM_VerifyLoadCompileEntityStore(benchmark::State& state) {
  Org org = make_org(static_cast<std::size_t>(state.range(0)), 10);
  auto admin = admin_key();
  std::string data_file = store::data_file_text(store::StoreKind::kEntity, org.entities);
  std::string signature =
      *store::sign_document(store::StoreKind::kEntity, org.entities, admin, 1000);
  auto policies =
      std::make_shared<const store::CompiledPolicies>(*store::compile_policies(org.policies));
  std::vector<jose::Jwk> keys{admin.public_only()};
  for (auto _ : state) {
    auto doc = store::verify_document(store::StoreKind::kEntity, data_file, signature, keys);
    auto entities = store::Entities::load(doc->data);
    auto snapshot = engine::Snapshot::build(*entities, policies);
    if (!snapshot) state.SkipWithError(snapshot.error().message().c_str());
    benchmark::DoNotOptimize(snapshot);
  }
  state.counters["store_MB"] = static_cast<double>(data_file.size()) / 1e6;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data_file.size()));
}
BENCHMARK(BM_VerifyLoadCompileEntityStore)
    ->Arg(15000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

struct DecisionFixture {
  std::unique_ptr<engine::Engine> engine;
  json::Value request;
  ManualClock clock{1'700'000'000'000'000'000};
  DecisionFixture() {
    Org org = make_org(
        1000 / 5, 100);  // users, credentials, accounts, assignments, address book: 1,000 entities
    auto admin = admin_key();
    engine::EngineOptions options;
    options.clock = &clock;
    engine = std::make_unique<engine::Engine>(options);
    (void)engine->load_entities(sign_and_verify(store::StoreKind::kEntity, org.entities, admin));
    (void)engine->load_policies(sign_and_verify(store::StoreKind::kPolicy, org.policies, admin));
    json::Value inner =
        *json::parse(R"({"action":"signTransaction","nonce":"n-1","resourceId":"eip155:eoa:)" +
                     hex_address(1) + R"(","transactionRequest":{"chainId":1,"from":")" +
                     hex_address(1) + R"(","to":")" + hex_address(2) + R"(","value":"0x3567e0"}})");
    json::Value claims = json::Value::object(
        {{"requestHash", json::Value(*jose::canonical_hash(inner))}, {"iat", json::Value(1)}});
    request = json::Value::object(
        {{"authentication",
          json::Value(*jose::sign_jwt(claims, org.user_keys[1], jose::Algorithm::kEdDSA))},
         {"request", inner}});
  }
};

DecisionFixture& fixture() {
  static DecisionFixture* f = new DecisionFixture();
  return *f;
}

// (b)
void BM_Decision(benchmark::State& state) {
  auto& f = fixture();
  DeterministicRng rng(5);
  std::vector<double> micros;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto decision = f.engine->evaluate(f.request, rng);
    auto end = std::chrono::steady_clock::now();
    if (!decision) {
      state.SkipWithError(decision.error().message().c_str());
      break;
    }
    if (decision->kind != engine::DecisionKind::kPermit) {
      state.SkipWithError("expected Permit");
      break;
    }
    micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  if (!micros.empty()) {
    std::sort(micros.begin(), micros.end());
    state.counters["p50_us"] = micros[micros.size() / 2];
    state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  }
}
BENCHMARK(BM_Decision)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// (b') the policy evaluation alone (forbid and permit sets, input already verified and built): the
// share of (b) that is Rego.
void BM_DecisionPolicyOnly(benchmark::State& state) {
  auto& f = fixture();
  auto snap = f.engine->snapshot();
  engine::FeedChecks checks;
  checks.clock = &f.clock;
  auto verified = engine::verify_request(f.request, snap->entities(), {}, checks);
  auto input = engine::build_input(*verified, snap->entities());
  rego::Value rego_input = rego::Value::from_json(*input);
  rego::EvalOptions options;
  options.input = &rego_input;
  options.clock = &f.clock;
  for (auto _ : state) {
    auto forbids = snap->forbid_query().eval(options);
    auto permits = snap->permit_query().eval(options);
    if (!forbids || !permits || permits->empty()) {
      state.SkipWithError("policy evaluation failed");
      break;
    }
    benchmark::DoNotOptimize(permits);
  }
}
BENCHMARK(BM_DecisionPolicyOnly)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// (c)
void BM_DecisionsPerSecond(benchmark::State& state) {
  auto& f = fixture();
  DeterministicRng rng(static_cast<std::uint64_t>(state.thread_index()) + 11);
  for (auto _ : state) {
    auto decision = f.engine->evaluate(f.request, rng);
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecisionsPerSecond)->Threads(2)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace custos

BENCHMARK_MAIN();
