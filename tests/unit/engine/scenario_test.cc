// Every example request of examples/org yields its expected decision.

#include <gtest/gtest.h>

#include "base/rng.h"
#include "example_org.h"
#include "jose/hash.h"

namespace custos::engine {
namespace {

using namespace testing;

class OrgScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = load_org(engine_);
    ASSERT_TRUE(loaded) << loaded.error().render();
  }
  ManualClock clock_{kNow * 1'000'000'000};
  Engine engine_{org_options(&clock_)};
  DeterministicRng rng_{7};
};

TEST_F(OrgScenario, EveryExampleRequestYieldsItsExpectedDecision) {
  json::Value expected = read_json("requests/expected.json");
  ASSERT_TRUE(expected.is_object());
  ASSERT_GE(expected.as_object().size(), 20u);
  for (const auto& [name, want] : expected.as_object()) {
    json::Value request = read_json("requests/" + name + ".json");
    auto decision = engine_.evaluate(request, rng_);
    ASSERT_TRUE(decision) << name << ": " << decision.error().render();
    EXPECT_EQ(decision_name(decision->kind), want.as_string())
        << name << ": " << json::serialize(*decision->response.find("reasons"));
    const json::Value& approvals = *decision->response.find("approvals");
    if (decision->kind == DecisionKind::kConfirm) {
      EXPECT_FALSE(approvals.find("missing")->as_array().empty()) << name;
    }
    if (decision->kind == DecisionKind::kPermit) {
      ASSERT_TRUE(decision->access_token_claims) << name;
      const json::Value& claims = *decision->access_token_claims;
      EXPECT_EQ(claims.find("iat")->as_number().to_int64(), kNow);
      EXPECT_EQ(claims.find("exp")->as_number().to_int64(), kNow + 600);
      EXPECT_TRUE(claims.contains("jti"));
      EXPECT_TRUE(claims.find("cnf")->is_object());
      const json::Value& req = *request.find("request");
      if (req.find("action")->as_string() == "grantPermission") {
        EXPECT_TRUE(claims.contains("access")) << name;
        EXPECT_FALSE(claims.contains("requestHash")) << name;
      } else {
        EXPECT_EQ(claims.find("requestHash")->as_string(), *jose::canonical_hash(req)) << name;
      }
    } else {
      EXPECT_FALSE(decision->access_token_claims) << name;
      EXPECT_FALSE(decision->response.contains("accessTokenClaims")) << name;
    }
  }
}

TEST_F(OrgScenario, ConfirmNamesTheMissingApprovalsAndApprovalsSatisfyThem) {
  auto confirm =
      engine_.evaluate(read_json("requests/02-member-medium-eth-needs-approval.json"), rng_);
  ASSERT_TRUE(confirm) << confirm.error().render();
  ASSERT_EQ(confirm->kind, DecisionKind::kConfirm);
  const json::Value& approvals = *confirm->response.find("approvals");
  ASSERT_EQ(approvals.find("missing")->as_array().size(), 1u);
  EXPECT_EQ(approvals.find("missing")->as_array()[0].find("entityIds")->as_array()[0].as_string(),
            "treasury-approvers");
  EXPECT_EQ(approvals.find("required")->as_array().size(), 1u);
  EXPECT_TRUE(approvals.find("satisfied")->as_array().empty());

  auto permit = engine_.evaluate(read_json("requests/03-member-medium-eth-approved.json"), rng_);
  ASSERT_TRUE(permit);
  ASSERT_EQ(permit->kind, DecisionKind::kPermit);
  EXPECT_EQ(permit->response.find("approvals")->find("satisfied")->as_array().size(), 1u);
  EXPECT_TRUE(permit->response.find("approvals")->find("missing")->as_array().empty());
}

TEST_F(OrgScenario, ImplicitForbidNamesTheDefaultPolicyAndHashWildcardCoversAbsentFields) {
  auto forbid = engine_.evaluate(read_json("requests/06-member-unassigned-account.json"), rng_);
  ASSERT_TRUE(forbid);
  ASSERT_EQ(forbid->kind, DecisionKind::kForbid);
  EXPECT_EQ(forbid->response.find("reasons")->as_array()[0].find("policyId")->as_string(),
            "default-forbid-policy");

  auto explicit_forbid =
      engine_.evaluate(read_json("requests/05-member-large-eth-forbidden.json"), rng_);
  ASSERT_TRUE(explicit_forbid);
  EXPECT_EQ(explicit_forbid->response.find("reasons")->as_array()[0].find("policyId")->as_string(),
            "members-no-large-eth");

  auto permit = engine_.evaluate(read_json("requests/01-member-small-eth.json"), rng_);
  ASSERT_TRUE(permit);
  const json::Value* wildcard = permit->access_token_claims->find("hashWildcard");
  ASSERT_NE(wildcard, nullptr);
  EXPECT_EQ(wildcard->as_array().size(), 4u);
}

TEST_F(OrgScenario, PastTransfersDecideTheDailyUsdLimit) {
  // Bob's signed transfer feed puts 17,000 USD in the window: 4,000 more exceeds 20,000.
  auto forbid =
      engine_.evaluate(read_json("requests/23-member-usdc-daily-limit-exceeded.json"), rng_);
  ASSERT_TRUE(forbid) << forbid.error().render();
  ASSERT_EQ(forbid->kind, DecisionKind::kForbid);
  const auto& reasons = forbid->response.find("reasons")->as_array();
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].find("policyId")->as_string(), "members-daily-usd-limit");

  auto permit =
      engine_.evaluate(read_json("requests/24-member-usdc-within-daily-limit.json"), rng_);
  ASSERT_TRUE(permit) << permit.error().render();
  EXPECT_EQ(permit->kind, DecisionKind::kPermit);

  // A day later the transfers have left the window, but the feed is stale by then: refused.
  clock_.set_unix_seconds(kNow + 86400);
  auto stale =
      engine_.evaluate(read_json("requests/23-member-usdc-daily-limit-exceeded.json"), rng_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kEngineFeed);
}

}  // namespace
}  // namespace custos::engine
