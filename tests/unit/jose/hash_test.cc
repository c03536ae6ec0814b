// Canonical hash (RFC 8785 + SHA-256) and the hashWildcard rule.

#include "jose/hash.h"

#include <gtest/gtest.h>

#include "test_keys.h"

namespace custos::jose {
namespace {

using testing::parse_json;

// Known vector from the issue (reference system value).
TEST(JoseHash, KnownVector) {
  auto h = canonical_hash(parse_json(R"({"c":false,"b":1,"a":"a"})"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->substr(0, 10), "0x7372a426");
  EXPECT_EQ(h->size(), 66u);
  // Member order and whitespace do not matter; values do.
  EXPECT_EQ(*canonical_hash(parse_json(R"({ "a":"a", "b":1.0, "c":false })")), *h);
  EXPECT_NE(*canonical_hash(parse_json(R"({"a":"a","b":2,"c":false})")), *h);
}

// RFC 8785 §3.2.2.3 / Appendix B number serialization feeds the hash: 1e21 and 1E21 agree.
TEST(JoseHash, NumbersCanonicalized) {
  EXPECT_EQ(*canonical_hash(parse_json("[1e21, 0.000001, 1E-7]")),
            *canonical_hash(parse_json("[1E+21, 1e-6, 0.0000001]")));
}

// The reference's hashRequestWithoutWildcardFields cases.
TEST(JoseHash, WildcardFields) {
  auto request = parse_json(R"({"action":"signTransaction","nonce":"123",
    "transactionRequest":{"chainId":137,"from":"0x084e6a5e3442d348ba5e149e362846be6fcf2e9e",
      "maxFeePerGas":"100","maxPriorityFeePerGas":"100","nonce":0},
    "resourceId":"eip155:eoa:0x084e6a5e3442d348ba5e149e362846be6fcf2e9e"})");
  auto expected = parse_json(R"({"action":"signTransaction","nonce":"123",
    "transactionRequest":{"chainId":137,"from":"0x084e6a5e3442d348ba5e149e362846be6fcf2e9e",
      "nonce":0},
    "resourceId":"eip155:eoa:0x084e6a5e3442d348ba5e149e362846be6fcf2e9e"})");
  std::vector<std::string> wild = {"transactionRequest.maxFeePerGas",
                                   "transactionRequest.maxPriorityFeePerGas"};
  EXPECT_EQ(*canonical_hash(without_wildcard_fields(request, wild, wild)),
            *canonical_hash(expected));
  // Only paths the verifier allows are dropped.
  auto partial = without_wildcard_fields(request, wild, {"transactionRequest.maxFeePerGas"});
  EXPECT_TRUE(partial.find("transactionRequest")->contains("maxPriorityFeePerGas"));
  EXPECT_FALSE(partial.find("transactionRequest")->contains("maxFeePerGas"));
  // Unknown paths and no paths leave the request unchanged.
  std::vector<std::string> bogus = {"some.invalid.path", "transaction.invalid", "typedData"};
  EXPECT_EQ(without_wildcard_fields(request, bogus, bogus), request);
  EXPECT_EQ(without_wildcard_fields(request, {}, wild), request);
}

}  // namespace
}  // namespace custos::jose
