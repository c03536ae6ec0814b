// JWT claim checks with an injected clock: each refusal has its stable code.

#include "jose/jwt.h"

#include <gtest/gtest.h>

#include "jose/hash.h"
#include "test_keys.h"

namespace custos::jose {
namespace {

using namespace testing;
using std::chrono::seconds;

constexpr std::int64_t kNow = 1'700'000'000;

class JoseJwt : public ::testing::Test {
 protected:
  JoseJwt() : key_(parse_jwk(kEd25519PrivateJwk)) { clock_.set_unix_seconds(kNow); }

  std::string sign(const json::Value& claims) {
    auto token = sign_jwt(claims, key_, Algorithm::kEdDSA, {.alg_name = "EDDSA"});
    EXPECT_TRUE(token);
    return *token;
  }
  Result<VerifiedJwt> verify(std::string_view token, ClaimChecks checks) {
    checks.clock = &clock_;
    return verify_jwt(token, key_.public_only(), {.allowed_algorithms = {Algorithm::kEdDSA}},
                      checks);
  }
  ErrorCode error_of(const json::Value& claims, ClaimChecks checks) {
    auto r = verify(sign(claims), std::move(checks));
    EXPECT_FALSE(r);
    return r ? ErrorCode::kInternal : r.error().code();
  }

  ManualClock clock_;
  Jwk key_;
};

TEST_F(JoseJwt, TimeClaims) {
  auto claims = json::Value::object({{"sub", "a"}, {"iat", kNow - 10}, {"exp", kNow + 60}});
  EXPECT_TRUE(verify(sign(claims), {}));
  EXPECT_EQ(error_of(json::Value::object({{"exp", kNow - 1}}), {}), ErrorCode::kJwtExpired);
  EXPECT_EQ(error_of(json::Value::object({{"exp", kNow}}), {}), ErrorCode::kJwtExpired);
  EXPECT_TRUE(verify(sign(json::Value::object({{"exp", kNow - 1}})), {.skew = seconds(5)}));
  EXPECT_EQ(error_of(json::Value::object({{"nbf", kNow + 30}}), {}), ErrorCode::kJwtNotYetValid);
  EXPECT_TRUE(verify(sign(json::Value::object({{"nbf", kNow + 3}})), {.skew = seconds(5)}));
  EXPECT_EQ(error_of(json::Value::object({{"iat", kNow - 120}}), {.max_age = seconds(60)}),
            ErrorCode::kJwtTooOld);
  EXPECT_EQ(error_of(json::Value::object({{"iat", kNow + 120}}), {.max_age = seconds(60)}),
            ErrorCode::kJwtNotYetValid);
  // The reference clients put milliseconds in iat.
  EXPECT_TRUE(
      verify(sign(json::Value::object({{"iat", (kNow - 5) * 1000}})), {.max_age = seconds(60)}));
  EXPECT_EQ(error_of(json::Value::object({{"iat", (kNow - 500) * 1000}}), {.max_age = seconds(60)}),
            ErrorCode::kJwtTooOld);
  EXPECT_EQ(error_of(json::Value::object({}), {.max_age = seconds(60)}), ErrorCode::kJwtBadClaim);
  EXPECT_EQ(error_of(json::Value::object({{"exp", "soon"}}), {}), ErrorCode::kJwtBadClaim);
  EXPECT_EQ(error_of(json::Value::object({}), {.require_exp = true}), ErrorCode::kJwtBadClaim);
}

TEST_F(JoseJwt, IssuerAudienceSubjectJti) {
  auto claims = json::Value::object({{"iss", "armory"},
                                     {"aud", json::Value::array({"vault", "other"})},
                                     {"sub", "u1"},
                                     {"jti", "j"}});
  EXPECT_TRUE(
      verify(sign(claims),
             {.issuers = {"x", "armory"}, .audiences = {"vault"}, .subject = "u1", .jti = "j"}));
  EXPECT_EQ(error_of(claims, {.issuers = {"evil"}}), ErrorCode::kJwtIssuer);
  EXPECT_EQ(error_of(claims, {.audiences = {"engine"}}), ErrorCode::kJwtAudience);
  EXPECT_EQ(error_of(json::Value::object({{"aud", "engine"}}), {.audiences = {"vault"}}),
            ErrorCode::kJwtAudience);
  EXPECT_EQ(error_of(json::Value::object({}), {.audiences = {"vault"}}), ErrorCode::kJwtAudience);
  EXPECT_EQ(error_of(claims, {.subject = "u2"}), ErrorCode::kJwtSubject);
  EXPECT_EQ(error_of(claims, {.jti = "k"}), ErrorCode::kJwtBadClaim);
  EXPECT_EQ(error_of(json::Value::object({}), {.require_jti = true}), ErrorCode::kJwtBadClaim);
}

TEST_F(JoseJwt, BoundKey) {
  Jwk client = web3_key();
  auto claims = json::Value::object({{"cnf", client.public_only().to_json()}});
  EXPECT_TRUE(verify(sign(claims), {.bound_key = client.public_only()}));
  // The address form of the same key matches too.
  EXPECT_TRUE(verify(sign(claims), {.bound_key = Jwk::from_address(*client.address())}));
  Jwk other = parse_jwk(kEs256kPrivateJwk);
  EXPECT_EQ(error_of(claims, {.bound_key = other}), ErrorCode::kJwtBinding);
  EXPECT_EQ(error_of(json::Value::object({}), {.bound_key = other}), ErrorCode::kJwtBinding);
  EXPECT_EQ(error_of(json::Value::object({{"cnf", json::Value::object({{"kty", "EC"}})}}),
                     {.bound_key = other}),
            ErrorCode::kJwtBinding);
}

TEST_F(JoseJwt, RequestHashWithWildcards) {
  auto request = parse_json(
      R"({"action":"signTransaction","nonce":"n1","resourceId":"eip155:eoa:0xabc",
          "transactionRequest":{"chainId":1,"gas":"21000","maxFeePerGas":"10","to":"0xdef"}})");
  auto stripped = parse_json(
      R"({"action":"signTransaction","nonce":"n1","resourceId":"eip155:eoa:0xabc",
          "transactionRequest":{"chainId":1,"to":"0xdef"}})");
  // Token issued over the request without gas fields (the client may fill them in later).
  auto claims = json::Value::object(
      {{"requestHash", *canonical_hash(stripped)},
       {"hashWildcard",
        json::Value::array({"transactionRequest.gas", "transactionRequest.maxFeePerGas"})}});
  std::vector<std::string> allowed = {"transactionRequest.gas", "transactionRequest.maxFeePerGas"};
  EXPECT_TRUE(verify(sign(claims), {.request = request, .allowed_wildcards = allowed}));
  // Without the verifier's consent, wildcards are not applied.
  EXPECT_EQ(error_of(claims, {.request = request}), ErrorCode::kJwtRequestHash);
  EXPECT_EQ(error_of(claims, {.request = request, .allowed_wildcards = {"transactionRequest.gas"}}),
            ErrorCode::kJwtRequestHash);
  // A different "to" fails even with wildcards.
  auto other = request;
  other.find("transactionRequest")->set("to", "0x999");
  EXPECT_EQ(error_of(claims, {.request = other, .allowed_wildcards = allowed}),
            ErrorCode::kJwtRequestHash);
  // Direct hash comparison and missing claim.
  EXPECT_TRUE(verify(sign(claims), {.request_hash = *canonical_hash(stripped)}));
  EXPECT_EQ(error_of(json::Value::object({}), {.request_hash = "0x00"}),
            ErrorCode::kJwtRequestHash);
}

TEST_F(JoseJwt, DataAndAccess) {
  auto data = parse_json(R"({"entity":{"users":[]}})");
  auto claims = json::Value::object(
      {{"data", *canonical_hash(data)},
       {"access",
        parse_json(R"([{"resource":"VAULT","permissions":["wallet:read","wallet:create"]}])")}});
  EXPECT_TRUE(verify(sign(claims), {.data = data, .access = {{"vault", {"wallet:read"}}}}));
  EXPECT_EQ(error_of(claims, {.data = parse_json("{}")}), ErrorCode::kJwtBadClaim);
  EXPECT_EQ(error_of(claims, {.access = {{"vault", {"wallet:delete"}}}}), ErrorCode::kJwtBadClaim);
  EXPECT_EQ(error_of(claims, {.access = {{"engine", {"wallet:read"}}}}), ErrorCode::kJwtBadClaim);
}

TEST_F(JoseJwt, PayloadMustBeObjectAndDecode) {
  auto jws = sign_compact(as_bytes("[1,2]"), key_, Algorithm::kEdDSA);
  auto r = verify(*jws, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kJoseMalformed);
  auto token = sign(json::Value::object({{"sub", "x"}}));
  auto decoded = decode_jwt_unverified(token);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->claims.find("sub")->as_string(), "x");
  EXPECT_EQ(decoded->jws.alg_name, "EDDSA");
  EXPECT_EQ(decoded->jws.header.find("typ")->as_string(), "JWT");
}

}  // namespace
}  // namespace custos::jose
