// The limit criteria's arguments are checked when a policy store is loaded (store/limit_args.h).

#include "store/limit_args.h"

#include <gtest/gtest.h>

#include "json/parse.h"
#include "store/policy_compiler.h"

namespace custos::store {
namespace {

json::Value parse(std::string_view text) { return *json::parse(text); }

TEST(StoreLimitArgs, AcceptsEveryOptionOfTheReference) {
  for (const char* good : {
           R"({"limit":"20000","currency":"fiat:usd","operator":"gt",
               "timeWindow":{"type":"rolling","value":86400},
               "filters":{"perPrincipal":true,"tokens":["eip155:1/slip44:60"],"users":["bob"],
                          "resources":["eip155:eoa:0x01"],"destinations":["eip155:1:0x02"],
                          "chains":["1",137],"userGroups":["g"],"accountGroups":["h"]}})",
           R"({"limit":5,"timeWindow":{"type":"fixed","period":"1m"}})",
           R"({"limit":"0.5","operator":"lte","currency":"*",
               "timeWindow":{"type":"fixed","period":"1y","startDate":1767225600,"endDate":1767312000}})",
           R"({"limit":"1","timeWindow":{"startDate":1767225600}})",
           R"({"limit":"1","operator":"*","timeWindow":{"type":"*","value":"*","period":"*"},
               "filters":{"tokens":"*","users":null}})",
           R"({"limit":"1"})",
       }) {
    auto checked = check_limit_args("checkSpendingLimit", parse(good));
    EXPECT_TRUE(checked) << good << ": " << checked.error().render();
  }
  for (const char* good : {R"({"limit":10,"timeWindow":{"type":"rolling","value":3600},
                                "filters":{"perPrincipal":true}})",
                           R"({"maxTransfers":10})", R"({"limit":0})", R"({"limit":"10"})"}) {
    auto checked = check_limit_args("checkRateLimit", parse(good));
    EXPECT_TRUE(checked) << good << ": " << checked.error().render();
  }
}

TEST(StoreLimitArgs, RefusesLimitsThatCouldNeverApplyAsWritten) {
  for (const char* bad : {
           R"({})",
           R"({"limit":"ten"})",
           R"({"limit":"-1"})",
           R"({"limit":"1","operator":"le"})",
           R"({"limit":"1","currency":1})",
           R"({"limit":"1","timewindow":{"type":"rolling","value":60}})",
           R"({"limit":"1","timeWindow":{"type":"rolling"}})",
           R"({"limit":"1","timeWindow":{"type":"rolling","value":0}})",
           R"({"limit":"1","timeWindow":{"type":"rolling","value":"3600"}})",
           R"({"limit":"1","timeWindow":{"type":"fixed"}})",
           R"({"limit":"1","timeWindow":{"type":"fixed","period":"1w"}})",
           R"({"limit":"1","timeWindow":{"type":"sliding","value":60}})",
           R"({"limit":"1","timeWindow":{"startDate":"2026-01-01"}})",
           R"({"limit":"1","timeWindow":{"startDate":20,"endDate":10}})",
           R"({"limit":"1","timeWindow":{"type":"rolling","value":60,"days":1}})",
           R"({"limit":"1","filters":{"token":["x"]}})",
           R"({"limit":"1","filters":{"tokens":"eip155:1/slip44:60"}})",
           R"({"limit":"1","filters":{"tokens":[{"id":"x"}]}})",
           R"({"limit":"1","filters":{"perPrincipal":"yes"}})",
       }) {
    auto checked = check_limit_args("checkSpendingLimit", parse(bad));
    ASSERT_FALSE(checked) << bad;
    EXPECT_EQ(checked.error().code(), ErrorCode::kStoreInvalid) << bad;
  }
  for (const char* bad :
       {R"({})", R"({"limit":10,"maxTransfers":10})", R"({"limit":"ten"})", R"({"limit":-1})",
        R"({"limit":1.5})", R"({"limit":1,"operator":"lt"})"}) {
    auto checked = check_limit_args("checkRateLimit", parse(bad));
    ASSERT_FALSE(checked) << bad;
    EXPECT_EQ(checked.error().code(), ErrorCode::kStoreInvalid) << bad;
  }
}

TEST(StoreLimitArgs, APolicyStoreWithABadLimitIsRefusedNamingThePolicy) {
  auto compiled = compile_policies(parse(R"([{"id":"daily","then":"forbid","when":[
      {"criterion":"checkSpendingLimit","args":{"limit":"1","timeWindow":{"type":"fixed"}}}]}])"));
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().code(), ErrorCode::kStoreInvalid);
  EXPECT_NE(compiled.error().message().find("daily"), std::string::npos)
      << compiled.error().message();
  EXPECT_NE(compiled.error().message().find("period"), std::string::npos)
      << compiled.error().message();
}

}  // namespace
}  // namespace custos::store
