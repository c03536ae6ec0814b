#include "store/entities.h"

#include <gtest/gtest.h>

#include "base/rng.h"
#include "json/parse.h"
#include "json/serialize.h"

namespace custos::store {
namespace {

std::string credential_json(std::uint64_t seed, const std::string& kid, const std::string& user) {
  DeterministicRng rng(seed);
  auto key = *jose::Jwk::generate(jose::Algorithm::kEdDSA, rng, kid);
  return R"({"id":")" + kid + R"(","userId":")" + user + R"(","key":)" +
         json::serialize(key.public_only().to_json()) + "}";
}

std::string org(const std::string& credentials_override = {}) {
  std::string credentials = credentials_override.empty()
                                ? "[" + credential_json(1, "Cred-Alice", "Alice") + "]"
                                : credentials_override;
  return R"({
    "users":[{"id":"Alice","role":"admin"},{"id":"bob","role":"member"}],
    "credentials":)" +
         credentials + R"(,
    "accounts":[{"id":"Acct-1","address":"0xAbC","accountType":"eoa"},
                {"id":"acct-2","address":"0xdef","accountType":"eoa","chainId":1}],
    "userAccounts":[{"userId":"bob","accountId":"acct-1"}],
    "groups":[{"id":"Treasury"},{"id":"hot"}],
    "groupMembers":[{"groupId":"treasury","userId":"alice"},{"groupId":"hot","accountId":"acct-2"}],
    "addressBook":[{"id":"eip155:1:0xabc","address":"0xabc","chainId":1,"classification":"internal"}],
    "tokens":[{"id":"eip155:1/erc20:0xa0b8","address":"0xa0b8","chainId":1,"symbol":"USDC","decimals":6}]
  })";
}

TEST(StoreEntities, IndexesLikeTheReference) {
  auto entities = Entities::load(*json::parse(org()));
  ASSERT_TRUE(entities) << entities.error().render();
  const json::Value& e = (*entities)->rego_data();
  ASSERT_NE(e.find("users")->find("alice"), nullptr);
  EXPECT_EQ(e.find("users")->find("alice")->find("id")->as_string(), "Alice");
  const json::Value* account = e.find("accounts")->find("acct-1");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(*account->find("assignees"), json::Value::array({json::Value("bob")}));
  EXPECT_EQ(*e.find("accounts")->find("acct-2")->find("assignees"), json::Value::array());
  const json::Value* treasury = e.find("groups")->find("treasury");
  ASSERT_NE(treasury, nullptr);
  EXPECT_EQ(*treasury->find("users"), json::Value::array({json::Value("alice")}));
  EXPECT_EQ(*e.find("accountGroups")->find("hot")->find("accounts"),
            json::Value::array({json::Value("acct-2")}));
  EXPECT_NE(e.find("addressBook")->find("eip155:1:0xabc"), nullptr);
  EXPECT_NE(e.find("tokens")->find("eip155:1/erc20:0xa0b8"), nullptr);
  const Credential* credential = (*entities)->credential("cred-alice");
  ASSERT_NE(credential, nullptr);
  EXPECT_EQ(credential->user_id, "Alice");
  EXPECT_FALSE(credential->key.has_private());
  EXPECT_EQ((*entities)->user("ALICE")->find("role")->as_string(), "admin");
}

void expect_refused(const std::string& text, const std::string& needle) {
  auto parsed = json::parse(text);
  ASSERT_TRUE(parsed) << text;
  auto entities = Entities::load(*parsed);
  ASSERT_FALSE(entities) << needle;
  EXPECT_EQ(entities.error().code(), ErrorCode::kStoreInvalid);
  EXPECT_NE(entities.error().message().find(needle), std::string::npos)
      << entities.error().message();
}

TEST(StoreEntities, RefusesDuplicatesDanglingReferencesAndBadCredentials) {
  expect_refused(R"({"users":[{"id":"a","role":"admin"},{"id":"A","role":"member"}]})",
                 "duplicate id");
  expect_refused(R"({"users":[{"id":"a","role":"god"}]})", "role");
  expect_refused(
      R"({"users":[{"id":"a","role":"admin"}],"userAccounts":[{"userId":"a","accountId":"x"}]})",
      "not an account");
  expect_refused(
      R"({"users":[],"groups":[{"id":"g"}],"groupMembers":[{"groupId":"h","userId":"a"}]})",
      "not a group");
  expect_refused(R"({"users":[],"groupMembers":[{"groupId":"g","userId":"nobody"}]})",
                 "not a user");
  expect_refused(R"({"usres":[]})", "unknown collection");
  expect_refused(org("[" + credential_json(1, "Cred-Alice", "carol") + "]"), "not a user");
  // The credential id must be the key's kid.
  std::string mismatched = credential_json(1, "cred-x", "alice");
  mismatched.replace(mismatched.find("\"id\":\"cred-x\""), 13, "\"id\":\"cred-y\"");
  expect_refused(org("[" + mismatched + "]"), "kid");
  expect_refused(
      org(R"([{"id":"c","userId":"alice","key":{"kty":"OKP","crv":"Ed25519","x":"AAAA","kid":"c"}}])"),
      "not a valid JWK");
  expect_refused(
      org("[" + credential_json(1, "c1", "alice") + "," + credential_json(2, "C1", "bob") + "]"),
      "duplicate id");
}

}  // namespace
}  // namespace custos::store
