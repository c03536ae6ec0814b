// Every refusal of the pipeline has a stable code, and a refused store never replaces the last good
// one.

#include <gtest/gtest.h>

#include <map>

#include "base/rng.h"
#include "example_org.h"
#include "jose/hash.h"
#include "jose/jwt.h"
#include "json/serialize.h"

namespace custos::engine {
namespace {

using namespace testing;

class OrgRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = load_org(engine_);
    ASSERT_TRUE(loaded) << loaded.error().render();
  }
  ErrorCode refusal(const json::Value& request) {
    auto decision = engine_.evaluate(request, rng_);
    EXPECT_FALSE(decision) << "unexpectedly decided "
                           << (decision ? decision_name(decision->kind) : "");
    return decision ? ErrorCode::kInternal : decision.error().code();
  }
  DecisionKind decide(const std::string& name) {
    auto decision = engine_.evaluate(read_json("requests/" + name + ".json"), rng_);
    EXPECT_TRUE(decision) << decision.error().render();
    return decision ? decision->kind : DecisionKind::kForbid;
  }
  // A JWT over `request` signed with `key` under header kid `kid`.
  static std::string sign_over(const json::Value& request, const jose::Jwk& key,
                               const std::string& kid) {
    json::Value claims = json::Value::object(
        {{"requestHash", json::Value(*jose::canonical_hash(request))}, {"iat", json::Value(kNow)}});
    jose::SignOptions options;
    options.kid = kid;
    return *jose::sign_jwt(claims, key, jose::Algorithm::kEdDSA, options);
  }

  ManualClock clock_{kNow * 1'000'000'000};
  Engine engine_{org_options(&clock_)};
  DeterministicRng rng_{9};
};

TEST_F(OrgRefusals, RequestSignedByAnotherKeyIsRefused) {
  json::Value request = read_json("requests/01-member-small-eth.json");
  request.set("authentication",
              json::Value(sign_over(*request.find("request"), org_key("cred-admin-alice"),
                                    "cred-member-bob")));
  EXPECT_EQ(refusal(request), ErrorCode::kEngineSignature);
}

TEST_F(OrgRefusals, UnknownKidAndMissingAuthenticationAreRefused) {
  json::Value request = read_json("requests/01-member-small-eth.json");
  request.set("authentication", json::Value(sign_over(*request.find("request"),
                                                      org_key("store-admin"), "store-admin")));
  EXPECT_EQ(refusal(request), ErrorCode::kEngineSignature);
  request.erase("authentication");
  EXPECT_EQ(refusal(request), ErrorCode::kEngineSignature);
  request.set("authentication", json::Value("not.a.jwt"));
  EXPECT_EQ(refusal(request), ErrorCode::kEngineSignature);
}

TEST_F(OrgRefusals, RequestWhoseHashDoesNotMatchIsRefused) {
  json::Value request = read_json("requests/01-member-small-eth.json");
  // Same signature, the amount raised: the JWT covers another request.
  request.find("request")
      ->find("transactionRequest")
      ->set("value", json::Value("0x8ac7230489e80000"));
  EXPECT_EQ(refusal(request), ErrorCode::kEngineRequestHash);
  json::Value renonced = read_json("requests/01-member-small-eth.json");
  renonced.find("request")->set("nonce", json::Value("req-99"));
  EXPECT_EQ(refusal(renonced), ErrorCode::kEngineRequestHash);
}

TEST_F(OrgRefusals, ForgedOrMisdirectedApprovalIsRefused) {
  json::Value request = read_json("requests/02-member-medium-eth-needs-approval.json");
  const json::Value& inner = *request.find("request");
  // Signed by bob's key but claiming to be alice's credential.
  json::Value forged = request;
  forged.set("approvals", json::Value::array({json::Value(
                              sign_over(inner, org_key("cred-member-bob"), "cred-admin-alice"))}));
  EXPECT_EQ(refusal(forged), ErrorCode::kEngineApproval);
  // Alice's genuine approval of another request.
  json::Value other = inner;
  other.set("nonce", json::Value("req-other"));
  json::Value misdirected = request;
  misdirected.set("approvals", json::Value::array({json::Value(sign_over(
                                   other, org_key("cred-admin-alice"), "cred-admin-alice"))}));
  EXPECT_EQ(refusal(misdirected), ErrorCode::kEngineApproval);
  // A genuine one is accepted and counted.
  json::Value genuine = request;
  genuine.set("approvals",
              json::Value::array(
                  {json::Value(sign_over(inner, org_key("cred-admin-alice"), "cred-admin-alice")),
                   json::Value(sign_over(inner, org_key("cred-admin-ann"), "cred-admin-ann"))}));
  auto decision = engine_.evaluate(genuine, rng_);
  ASSERT_TRUE(decision) << decision.error().render();
  EXPECT_EQ(decision->kind, DecisionKind::kPermit);
}

TEST_F(OrgRefusals, UnsignedOrWronglySignedFeedsAreRefused) {
  json::Value request = read_json("requests/11-member-usdc-small.json");
  json::Value& feed = request.find("feeds")->as_array()[0];
  json::Value unsigned_feed = request;
  unsigned_feed.find("feeds")->as_array()[0].set("sig", json::Value());
  EXPECT_EQ(refusal(unsigned_feed), ErrorCode::kEngineFeed);

  json::Value altered = request;
  altered.find("feeds")->as_array()[0].find("data")->as_object()[0].second.set(
      "fiat:usd", json::Value("0.001"));
  EXPECT_EQ(refusal(altered), ErrorCode::kEngineFeed);

  // Signed by a key that is not a feed key, under the feed key's kid.
  json::Value claims =
      json::Value::object({{"data", json::Value(*jose::canonical_hash(*feed.find("data")))},
                           {"iat", json::Value(kNow)}});
  jose::SignOptions options;
  options.kid = "feed-prices";
  json::Value wrong_key = request;
  wrong_key.find("feeds")->as_array()[0].set(
      "sig", json::Value(*jose::sign_jwt(claims, org_key("store-admin"), jose::Algorithm::kEdDSA,
                                         options)));
  EXPECT_EQ(refusal(wrong_key), ErrorCode::kEngineFeed);

  // Unsigned top-level prices that differ from the signed feed.
  json::Value prices = request;
  prices.set("prices", *json::parse(R"({"eip155:1/slip44:60":{"fiat:usd":"1"}})"));
  EXPECT_EQ(refusal(prices), ErrorCode::kEngineFeed);
  // The same prices as the signed feed are fine.
  json::Value same = request;
  same.set("prices", *feed.find("data"));
  EXPECT_TRUE(engine_.evaluate(same, rng_));
}

class StoreRefusals : public OrgRefusals {
 protected:
  // A fetcher serving the example stores with overrides.
  struct Fetcher : store::Fetcher {
    std::map<std::string, std::string> overrides;
    Result<std::string> fetch(const store::Source& source) const override {
      auto it = overrides.find(source.url);
      if (it != overrides.end()) return it->second;
      return store::FileFetcher(org_path("")).fetch(source);
    }
  };
  void expect_refused(store::StoreKind kind, const store::StoreConfig& config,
                      const Fetcher& fetcher, ErrorCode code) {
    auto before = engine_.snapshot();
    auto result = engine_.update(kind, config, fetcher);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code(), code) << result.error().render();
    EXPECT_EQ(engine_.snapshot(), before);
    EXPECT_EQ(decide("01-member-small-eth"), DecisionKind::kPermit);
    EXPECT_EQ(decide("02-member-medium-eth-needs-approval"), DecisionKind::kConfirm);
  }
};

TEST_F(StoreRefusals, TamperedDataSignatureOrKeyConfigIsRefusedAndTheGoodStoreStays) {
  auto kind = store::StoreKind::kEntity;
  auto config = org_config(kind);
  std::string data = read_text(org_path("stores/entities.json"));
  // Promote bob to admin.
  std::string promoted = data;
  auto at = promoted.find("\"role\": \"member\"");
  ASSERT_NE(at, std::string::npos);
  promoted.replace(at, 16, "\"role\": \"admin\"");
  Fetcher fetcher;
  fetcher.overrides[config.data.url] = promoted;
  expect_refused(kind, config, fetcher, ErrorCode::kStoreSignature);

  // One byte of the signature.
  std::string signature = read_text(org_path("stores/entities.signature.json"));
  auto dot = signature.rfind('.');
  signature[dot + 5] = signature[dot + 5] == 'A' ? 'B' : 'A';
  Fetcher bad_sig;
  bad_sig.overrides[config.signature.url] = signature;
  expect_refused(kind, config, bad_sig, ErrorCode::kStoreSignature);

  // The configured key replaced by another key under the same kid; and a config whose kid differs.
  auto other = org_config(kind);
  DeterministicRng rng(3);
  other.keys = {
      jose::Jwk::generate(jose::Algorithm::kEdDSA, rng, config.keys[0].kid())->public_only()};
  expect_refused(kind, other, Fetcher{}, ErrorCode::kStoreSignature);
  auto renamed = org_config(kind);
  std::string key_text = json::serialize(config.keys[0].to_json());
  key_text.replace(key_text.find("store-admin"), 11, "other-admin");
  renamed.keys.clear();
  renamed.keys.push_back(*jose::Jwk::parse_text(std::string_view(key_text)));
  expect_refused(kind, renamed, Fetcher{}, ErrorCode::kStoreSignature);
}

TEST_F(StoreRefusals, OlderStoreVersionIsARollback) {
  auto kind = store::StoreKind::kPolicy;
  auto config = org_config(kind);
  json::Value data = *read_json("stores/policies.json").find("policy")->find("data");
  // A validly signed but older policy set that permits everything for members.
  json::Value lax = data;
  lax.as_array().push_back(*json::parse(
      R"({"id":"lax","then":"permit","when":[{"criterion":"checkPrincipalRole","args":["member"]}]})"));
  Fetcher fetcher;
  fetcher.overrides[config.data.url] = store::data_file_text(kind, lax);
  fetcher.overrides[config.signature.url] =
      *store::sign_document(kind, lax, org_key("store-admin"), 1767225600 - 1);
  expect_refused(kind, config, fetcher, ErrorCode::kStoreRollback);
  // The same lax set, newer, is accepted (it is properly signed), and changes decisions.
  fetcher.overrides[config.signature.url] =
      *store::sign_document(kind, lax, org_key("store-admin"), 1767225600 + 1);
  auto accepted = engine_.update(kind, config, fetcher);
  ASSERT_TRUE(accepted) << accepted.error().render();
  EXPECT_EQ(decide("06-member-unassigned-account"), DecisionKind::kPermit);
}

TEST_F(StoreRefusals, InvalidEntitiesOrPoliciesAreRefused) {
  Fetcher fetcher;
  auto config = org_config(store::StoreKind::kPolicy);
  json::Value bad = json::Value::array({*json::parse(
      R"({"id":"x","then":"permit","when":[{"criterion":"checkNothing","args":[]}]})")});
  fetcher.overrides[config.data.url] = store::data_file_text(store::StoreKind::kPolicy, bad);
  fetcher.overrides[config.signature.url] =
      *store::sign_document(store::StoreKind::kPolicy, bad, org_key("store-admin"), 1767225600 + 5);
  expect_refused(store::StoreKind::kPolicy, config, fetcher, ErrorCode::kStoreInvalid);
  // A raw Rego policy that does not compile.
  json::Value broken = json::Value::array(
      {*json::parse(R"({"id":"r","rego":"package custos.decision\n\nforbid contains x if {"})")});
  fetcher.overrides[config.data.url] = store::data_file_text(store::StoreKind::kPolicy, broken);
  fetcher.overrides[config.signature.url] = *store::sign_document(
      store::StoreKind::kPolicy, broken, org_key("store-admin"), 1767225600 + 6);
  expect_refused(store::StoreKind::kPolicy, config, fetcher, ErrorCode::kRegoParse);
}

}  // namespace
}  // namespace custos::engine
