// Fuzzes evaluation requests against a small in-memory organisation: the full pipeline
// (verification refuses almost everything), then — with the principal taken as verified — the
// input builder (intent classifier) and the Rego decision queries, which is where untrusted
// request content meets the policies.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/clock.h"
#include "base/rng.h"
#include "engine/engine.h"
#include "engine/request.h"
#include "json/parse.h"
#include "json/serialize.h"

namespace {

struct Fixture {
  custos::ManualClock clock{1'700'000'000'000'000'000};
  std::unique_ptr<custos::engine::Engine> engine;
  Fixture() {
    custos::DeterministicRng rng(3);
    auto admin = *custos::jose::Jwk::generate(custos::jose::Algorithm::kEdDSA, rng, "admin");
    auto user = *custos::jose::Jwk::generate(custos::jose::Algorithm::kEdDSA, rng, "cred-bob");
    auto entities = custos::json::Value::object(
        {{"users", *custos::json::parse(R"([{"id":"bob","role":"member"}])")},
         {"credentials",
          custos::json::Value::array({custos::json::Value::object(
              {{"id", "cred-bob"}, {"userId", "bob"}, {"key", user.public_only().to_json()}})})},
         {"accounts",
          *custos::json::parse(R"([{"id":"eip155:eoa:0x0000000000000000000000000000000000000001",
             "address":"0x0000000000000000000000000000000000000001","accountType":"eoa"}])")},
         {"userAccounts",
          *custos::json::parse(
              R"([{"userId":"bob","accountId":"eip155:eoa:0x0000000000000000000000000000000000000001"}])")}});
    auto policies = *custos::json::parse(R"([
      {"id":"p1","then":"permit","when":[{"criterion":"checkAction","args":["signTransaction","signMessage"]},
        {"criterion":"checkAccountAssigned"},{"criterion":"checkIntentAmount","args":{"currency":"fiat:usd","operator":"lte","value":"100"}}]},
      {"id":"p2","then":"forbid","when":[{"criterion":"checkIntentType","args":["callContract"]}]},
      {"id":"p3","then":"permit","when":[{"criterion":"checkSpendingLimit","args":{"limit":"5","timeWindow":{"type":"fixed","period":"1m"}}},
        {"criterion":"checkApprovals","args":[{"approvalCount":1,"countPrincipal":true,"approvalEntityType":"Narval::User","entityIds":["bob"]}]}]}])");
    custos::engine::EngineOptions options;
    options.clock = &clock;
    engine = std::make_unique<custos::engine::Engine>(options);
    for (auto [kind, data] : {std::pair{custos::store::StoreKind::kEntity, entities},
                              std::pair{custos::store::StoreKind::kPolicy, policies}}) {
      auto sig = *custos::store::sign_document(kind, data, admin, 1);
      auto doc = *custos::store::verify_document(kind, custos::store::data_file_text(kind, data),
                                                 sig, {admin.public_only()});
      (void)(kind == custos::store::StoreKind::kEntity ? engine->load_entities(doc)
                                                       : engine->load_policies(doc));
    }
  }
};

Fixture& fixture() {
  static Fixture* f = new Fixture();
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& f = fixture();
  custos::json::ParseOptions options;
  options.max_bytes = 1 << 18;
  options.max_depth = 64;
  auto value =
      custos::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (!value) return 0;
  custos::DeterministicRng rng(1);
  (void)f.engine->evaluate(*value, rng);
  // Past verification: the request content as if signed by bob.
  auto snapshot = f.engine->snapshot();
  const custos::json::Value* request = value->is_object() ? value->find("request") : nullptr;
  if (!snapshot || !request || !request->is_object()) return 0;
  const custos::json::Value* action = request->find("action");
  if (!action || !action->is_string()) return 0;
  custos::engine::VerifiedRequest verified;
  verified.request = *request;
  verified.principal = snapshot->entities().credential("cred-bob");
  verified.prices = custos::json::Value::object();
  auto input = custos::engine::build_input(verified, snapshot->entities());
  if (!input) return 0;
  auto rego_input = custos::rego::Value::from_json(*input);
  custos::rego::EvalOptions eval;
  eval.input = &rego_input;
  eval.clock = &f.clock;
  eval.max_steps = 1'000'000;
  (void)snapshot->permit_query().eval(eval);
  (void)snapshot->forbid_query().eval(eval);
  return 0;
}
