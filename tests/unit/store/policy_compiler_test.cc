#include "store/policy_compiler.h"

#include <gtest/gtest.h>

#include "json/parse.h"
#include "json/serialize.h"
#include "rego/policy.h"

namespace custos::store {
namespace {

json::Value parse(std::string_view text) { return *json::parse(text); }

TEST(StorePolicyCompiler, PolicyContentNeverReachesRegoSource) {
  const char* evil = "x\\\"}\\nforbid contains 1 if true\\n#";
  auto policies = parse(std::string(R"([{"id":")") + evil + R"(","description":")" + evil +
                        R"(","then":"permit",
      "when":[{"criterion":"checkAction","args":[")" +
                        evil + R"("]}]}])");
  auto compiled = compile_policies(policies);
  ASSERT_TRUE(compiled) << compiled.error().render();
  ASSERT_EQ(compiled->modules.size(), 2u);  // decision + checks
  for (const auto& module : compiled->modules) {
    EXPECT_EQ(module.text.find("forbid contains 1"), std::string::npos) << module.text;
    EXPECT_EQ(module.text.find("x\""), std::string::npos) << module.text;
  }
  EXPECT_NE(compiled->modules[1].text.find(
                "c0 if criteria.checkAction(data.custos.policies[0].when[0].args)"),
            std::string::npos)
      << compiled->modules[1].text;
  EXPECT_NE(compiled->modules[0].text.find("permit contains data.custos.reasons[0] if {\n"
                                           "\tchecks.c0\n}"),
            std::string::npos)
      << compiled->modules[0].text;
  // The id is kept as written, in data.
  EXPECT_EQ(compiled->policy_ids[0], "x\"}\nforbid contains 1 if true\n#");
  EXPECT_EQ(compiled->policies_data.as_array()[0].find("id")->as_string(), compiled->policy_ids[0]);
}

TEST(StorePolicyCompiler, RefusesUnknownCriteriaBadShapesAndBadPolicies) {
  for (
      const char* bad :
      {R"({"id":"a"})", R"([{"then":"permit","when":[]}])",
       R"([{"id":"a","then":"allow","when":[]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkEverything","args":[]}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkAction","args":"signTransaction"}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkIntentAmount","args":["1"]}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkIntentAmount","args":{"operator":"bigger","value":"1"}}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkIntentAmount","args":{"operator":"gt"}}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkIntentAmount","args":{"operator":"gt","value":"-1"}}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkGasFeeAmount","args":{"operator":"gt","value":"1","currency":5}}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkGasFeeAmount","args":{"operator":"gt","value":"1","curency":"*"}}]}])",
       R"([{"id":"a","then":"permit","when":[{"criterion":"checkNonceExists","args":["x"]}]}])",
       R"([{"id":"a","then":"forbid","when":[{"criterion":"checkApprovals","args":[{}]}]}])",
       R"([{"id":"a","then":"permit","when":[]},{"id":"a","then":"forbid","when":[]}])",
       R"([{"id":"r","rego":"package evil\nallow := true"}])",
       R"([{"id":"r","rego":"# comment\npackage custos.decision.sub\n"}])"}) {
    auto compiled = compile_policies(parse(bad));
    ASSERT_FALSE(compiled) << bad;
    EXPECT_EQ(compiled.error().code(), ErrorCode::kStoreInvalid) << bad;
  }
  auto raw = compile_policies(parse(R"([{"id":"r","rego":"# note\npackage custos.decision\n"}])"));
  ASSERT_TRUE(raw) << raw.error().render();
  EXPECT_EQ(raw->modules.size(), 3u);
}

// A criterion called with the same arguments by several policies is one check rule (arguments
// compared as canonical JSON); other arguments, or another criterion, make another.
TEST(StorePolicyCompiler, RepeatedCriterionCallsShareOneCheck) {
  auto compiled = compile_policies(parse(R"([
    {"id":"a","then":"permit","when":[{"criterion":"checkAction","args":["signTransaction"]},
      {"criterion":"checkIntentAmount","args":{"operator":"lte","value":"5","currency":"*"}}]},
    {"id":"b","then":"forbid","when":[{"criterion":"checkAction","args":["signTransaction"]},
      {"criterion":"checkIntentAmount","args":{"currency":"*","value":"5","operator":"lte"}}]},
    {"id":"c","then":"permit","when":[{"criterion":"checkAction","args":["signMessage"]},
      {"criterion":"checkResource","args":["signTransaction"]}]},
    {"id":"d","then":"permit","when":[]}])"));
  ASSERT_TRUE(compiled) << compiled.error().render();
  const std::string& checks = compiled->modules[1].text;
  const std::string& decision = compiled->modules[0].text;
  EXPECT_NE(checks.find("c1 if criteria.checkIntentAmount(data.custos.policies[0].when[1].args)"),
            std::string::npos)
      << checks;
  EXPECT_EQ(checks.find("c4 "), std::string::npos) << checks;  // c0..c3 only
  EXPECT_NE(
      decision.find("forbid contains data.custos.reasons[1] if {\n\tchecks.c0\n\tchecks.c1\n}"),
      std::string::npos)
      << decision;
  EXPECT_NE(decision.find("permit contains data.custos.reasons[3] if {\n\ttrue\n}"),
            std::string::npos)
      << decision;
  const auto& reasons = compiled->reasons_data.as_array();
  ASSERT_EQ(reasons.size(), 4u);
  EXPECT_EQ(reasons[1].find("type")->as_string(), "forbid");
  EXPECT_EQ(reasons[1].find("policyId")->as_string(), "b");
  // Reasons are indexed like the policies, raw Rego policies included.
  auto mixed = compile_policies(parse(R"([{"id":"r","rego":"package custos.decision\n"},
    {"id":"j","then":"permit","when":[]}])"));
  ASSERT_TRUE(mixed) << mixed.error().render();
  EXPECT_TRUE(mixed->reasons_data.as_array()[0].is_null());
  EXPECT_EQ(mixed->reasons_data.as_array()[1].find("policyId")->as_string(), "j");
  EXPECT_NE(mixed->modules[0].text.find("permit contains data.custos.reasons[1] if"),
            std::string::npos);
}

// The generated module and the criteria library compile and decide with the Rego engine.
TEST(StorePolicyCompiler, CompiledPoliciesEvaluate) {
  auto compiled = compile_policies(parse(R"([
    {"id":"small","then":"permit","when":[{"criterion":"checkAction","args":["signTransaction"]},
      {"criterion":"checkIntentAmount","args":{"currency":"*","operator":"lte","value":"100"}}]},
    {"id":"approved","then":"permit","when":[{"criterion":"checkIntentAmount","args":{"currency":"*","operator":"gt","value":"100"}},
      {"criterion":"checkApprovals","args":[{"approvalCount":1,"countPrincipal":false,"approvalEntityType":"Narval::User","entityIds":["ann"]}]}]},
    {"id":"huge","then":"forbid","when":[{"criterion":"checkIntentAmount","args":{"currency":"*","operator":"gt","value":"1000"}}]}])"));
  ASSERT_TRUE(compiled) << compiled.error().render();
  std::vector<rego::ModuleSource> modules;
  for (const auto& m : criteria_library()) modules.push_back({m.name, m.text});
  for (const auto& m : compiled->modules) modules.push_back({m.name, m.text});
  json::Value data = json::Value::object(
      {{"entities",
        parse(R"({"users":{"bob":{"id":"bob","role":"member"},"ann":{"id":"ann","role":"admin"}},
                              "accounts":{},"groups":{},"addressBook":{},"tokens":{}})")},
       {"custos", compiled->custos_data()}});
  auto policy = rego::compile(std::move(modules), rego::Value::from_json(data));
  ASSERT_TRUE(policy) << policy.error().render();
  auto permit = (*policy)->prepare("data.custos.decision.permit");
  auto forbid = (*policy)->prepare("data.custos.decision.forbid");
  ASSERT_TRUE(permit && forbid);
  auto ids = [](const rego::PreparedQuery& q, const json::Value& input) {
    rego::Value in = rego::Value::from_json(input);
    rego::EvalOptions options;
    options.input = &in;
    auto results = q.eval(options);
    std::vector<std::string> out;
    if (!results || results->empty()) return out;
    json::Value reasons = results->at(0).expressions[0].to_json_value();
    for (const auto& r : reasons.as_array()) {
      const json::Value* m = r.find("approvalsMissing");
      if (!m || !m->is_array()) {
        ADD_FAILURE() << "reason without approvalsMissing: " << json::serialize(r);
        continue;
      }
      std::string missing = m->as_array().empty() ? "" : "+missing";
      out.push_back(r.find("policyId")->as_string() + missing);
    }
    return out;
  };
  auto input = [](const char* amount, bool ann_approved) {
    json::Value in =
        parse(std::string(R"({"action":"signTransaction","principal":{"id":"c","userId":"bob"},
        "intent":{"type":"transferNative","amount":")") +
              amount + R"("},"approvals":[{"userId":"bob"}]})");
    if (ann_approved) in.find("approvals")->push_back(parse(R"({"userId":"ann"})"));
    return in;
  };
  EXPECT_EQ(ids(*permit, input("50", false)), std::vector<std::string>{"small"});
  EXPECT_EQ(ids(*permit, input("500", false)), std::vector<std::string>{"approved+missing"});
  EXPECT_EQ(ids(*permit, input("500", true)), std::vector<std::string>{"approved"});
  EXPECT_TRUE(ids(*forbid, input("500", true)).empty());
  EXPECT_EQ(ids(*forbid, input("5000", true)), std::vector<std::string>{"huge"});
}

}  // namespace
}  // namespace custos::store
